"""Candidates ask for an alert, confirm it from its email, and unsubscribe in one click;
upkeep ends the alerts nobody confirmed."""

from __future__ import annotations

from dataclasses import dataclass

from application.alerts.links import AlertSigningKey, alert_links, token_digest
from application.alerts.matching import QueryReader, anchor_keys, text_keys
from application.alerts.ports import AlertIndexEntry
from application.alerts.saved_filters import saved_search
from application.ports import Clock, IdGenerator, UnitOfWork, UnitOfWorkFactory
from application.queries.public_postings import PostingFilters, validated
from domain.alert import CONFIRMATION_WINDOW, Alert, AlertStatus
from domain.errors import NotFound
from domain.ids import AlertId


@dataclass(frozen=True, slots=True)
class RequestAlert:
    email: str
    filters: PostingFilters
    frequency: str


@dataclass(frozen=True, slots=True)
class AlertState:
    alert_id: AlertId
    status: AlertStatus
    frequency: str


@dataclass(frozen=True, slots=True)
class FollowAlertLink:
    """A confirm or unsubscribe link's token, as clicked."""

    token: str


@dataclass(frozen=True, slots=True)
class ExpireUnconfirmedAlerts:
    batch_size: int = 500


def _state(alert: Alert) -> AlertState:
    return AlertState(alert.id, alert.status, alert.frequency.value)


class RequestAlertHandler:
    """A new alert for an address: the search's filters (judged as the search judges
    them) and a frequency. It is pending, sends nothing but its confirmation email (sent
    by the mailer, from the outbox) and ends unconfirmed after 48 hours."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        key: AlertSigningKey,
        queries: QueryReader,
    ) -> None:
        self._uow, self._clock, self._ids, self._key, self._queries = uow, clock, ids, key, queries

    async def __call__(self, command: RequestAlert) -> AlertState:
        filters = validated(command.filters)
        alert_id = AlertId(self._ids.new_id())
        tsquery = None
        if filters.q:
            tsquery = await self._queries.tsquery(filters.q, filters.language)
        index = AlertIndexEntry(
            tuple(anchor_keys(filters, text_keys(tsquery) if tsquery else None)), tsquery
        )
        links = alert_links(await self._key.key(), alert_id)
        alert = Alert.request(
            alert_id,
            command.email,
            saved_search(filters),
            command.frequency,
            links.digests,
            self._clock.now(),
        )
        async with self._uow() as uow:
            uow.alerts.add(alert, index)
            await uow.commit()
        return _state(alert)


class _LinkHandler:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def _alert(self, uow: UnitOfWork, token: str) -> Alert:
        alert = await uow.alerts.by_link_digest(token_digest(token)) if token else None
        if alert is None:
            raise NotFound("no alert has this link; it may have been mistyped")
        return alert


class ConfirmAlertHandler(_LinkHandler):
    """The confirmation link followed: the alert starts matching new postings."""

    async def __call__(self, command: FollowAlertLink) -> AlertState:
        async with self._uow() as uow:
            alert = await self._alert(uow, command.token)
            if token_digest(command.token) != alert.confirm_digest:
                raise NotFound("no alert has this link; it may have been mistyped")
            alert.confirm(self._clock.now())
            await uow.commit()
        return _state(alert)


class UnsubscribeAlertHandler(_LinkHandler):
    """The unsubscribe link followed (or its one-click POST): nothing is sent any more.
    The confirmation email's link unsubscribes too (an alert asked for by someone else)."""

    async def __call__(self, command: FollowAlertLink) -> AlertState:
        async with self._uow() as uow:
            alert = await self._alert(uow, command.token)
            if token_digest(command.token) != alert.unsubscribe_digest:
                raise NotFound("no alert has this link; it may have been mistyped")
            alert.unsubscribe(self._clock.now())
            await uow.commit()
        return _state(alert)


class LookUpAlertLink(_LinkHandler):
    """What a link is about, without following it (the page a GET shows)."""

    async def __call__(self, command: FollowAlertLink) -> AlertState:
        async with self._uow() as uow:
            return _state(await self._alert(uow, command.token))


class ExpireUnconfirmedAlertsHandler:
    """Upkeep: pending alerts past their 48 hours end, expired; answers how many."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: ExpireUnconfirmedAlerts) -> int:
        now = self._clock.now()
        async with self._uow() as uow:
            ids = await uow.alerts.pending_created_before(
                now - CONFIRMATION_WINDOW, command.batch_size
            )
            for alert_id in ids:
                alert = await uow.alerts.get(alert_id)
                alert.expire(now)
            await uow.commit()
        return len(ids)
