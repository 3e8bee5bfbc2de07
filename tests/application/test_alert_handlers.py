"""Job alert use cases over in-memory fakes: the double opt-in, links, expiry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from application.alerts.catalogue import AlertUseCases, wire_alerts
from application.alerts.commands import ExpireUnconfirmedAlerts, FollowAlertLink, RequestAlert
from application.alerts.links import alert_links
from application.alerts.saved_filters import search_filters
from application.errors import InvalidParameter
from application.queries.public_postings import PostingFilters
from domain.alert import AlertStatus
from domain.errors import InvalidTransition, InvariantViolated, NotFound
from domain.events import AlertConfirmed, AlertRequested, AlertUnsubscribed
from fakes import FakeUnitOfWorkFactory, FixedClock, SequentialIds

KEY = b"k" * 32


class FixedKey:
    async def key(self) -> bytes:
        return KEY


class WordQueries:
    """The search's tsquery of a text, as PostgreSQL would write a plain one."""

    async def tsquery(self, q: str, language: str | None) -> str:
        return " & ".join(f"'{w.lower()}'" for w in q.split())


@pytest.fixture
def uow() -> FakeUnitOfWorkFactory:
    return FakeUnitOfWorkFactory()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def alerts(uow: FakeUnitOfWorkFactory, clock: FixedClock) -> AlertUseCases:
    return wire_alerts(uow, clock, SequentialIds(), FixedKey(), WordQueries())


async def test_a_request_saves_a_pending_alert_with_only_its_links_digests(
    alerts: AlertUseCases, uow: FakeUnitOfWorkFactory
) -> None:
    filters = PostingFilters(
        q="Kotlin backend", countries=("de",), salary_min=Decimal(50000), currency="eur"
    )
    state = await alerts.request(RequestAlert("ann@example.com", filters, "daily"))
    assert state.status is AlertStatus.PENDING
    stored = uow.store.alerts[state.alert_id]
    links = alert_links(KEY, state.alert_id)
    assert (stored.confirm_digest, stored.unsubscribe_digest) == links.digests
    assert links.confirm not in repr(vars(stored))
    # Saved as the search validated them (codes normalised), indexed under the text.
    assert search_filters(stored.search).countries == ("DE",)
    assert search_filters(stored.search).currency == "EUR"
    assert uow.store.alert_keys[state.alert_id].anchor_keys == ("q:backend&country:DE",)
    assert uow.store.alert_keys[state.alert_id].text_query == "'kotlin' & 'backend'"
    (event,) = uow.store.outbox
    assert isinstance(event, AlertRequested)


async def test_filters_the_search_rejects_are_rejected_and_nothing_is_saved(
    alerts: AlertUseCases, uow: FakeUnitOfWorkFactory
) -> None:
    with pytest.raises(InvalidParameter) as error:
        await alerts.request(
            RequestAlert("ann@example.com", PostingFilters(countries=("XX",)), "instant")
        )
    assert error.value.field == "country"
    with pytest.raises(InvariantViolated):
        await alerts.request(RequestAlert("nobody", PostingFilters(), "instant"))
    assert uow.store.alerts == {} and uow.store.outbox == []


async def test_the_confirm_link_confirms_and_the_unsubscribe_link_ends_it(
    alerts: AlertUseCases, uow: FakeUnitOfWorkFactory
) -> None:
    state = await alerts.request(RequestAlert("ann@example.com", PostingFilters(), "instant"))
    links = alert_links(KEY, state.alert_id)
    with pytest.raises(NotFound):  # the unsubscribe token does not confirm
        await alerts.confirm(FollowAlertLink(links.unsubscribe))
    assert (await alerts.look_up(FollowAlertLink(links.confirm))).status is AlertStatus.PENDING
    assert (await alerts.confirm(FollowAlertLink(links.confirm))).status is AlertStatus.CONFIRMED
    ended = await alerts.unsubscribe(FollowAlertLink(links.unsubscribe))
    assert ended.status is AlertStatus.UNSUBSCRIBED
    assert [type(e) for e in uow.store.outbox] == [
        AlertRequested,
        AlertConfirmed,
        AlertUnsubscribed,
    ]


async def test_an_unknown_token_is_not_found(alerts: AlertUseCases) -> None:
    with pytest.raises(NotFound):
        await alerts.unsubscribe(FollowAlertLink("forged"))
    with pytest.raises(NotFound):
        await alerts.confirm(FollowAlertLink(""))


async def test_upkeep_expires_only_the_alerts_unconfirmed_for_48_hours(
    alerts: AlertUseCases, uow: FakeUnitOfWorkFactory, clock: FixedClock
) -> None:
    old = await alerts.request(RequestAlert("a@example.com", PostingFilters(), "instant"))
    kept = await alerts.request(RequestAlert("b@example.com", PostingFilters(), "instant"))
    await alerts.confirm(FollowAlertLink(alert_links(KEY, kept.alert_id).confirm))
    clock.advance(timedelta(hours=47))
    fresh = await alerts.request(RequestAlert("c@example.com", PostingFilters(), "instant"))
    clock.advance(timedelta(hours=1))
    assert await alerts.expire(ExpireUnconfirmedAlerts()) == 1
    statuses = {i: a.status for i, a in uow.store.alerts.items()}
    assert statuses[old.alert_id] is AlertStatus.EXPIRED
    assert statuses[kept.alert_id] is AlertStatus.CONFIRMED
    assert statuses[fresh.alert_id] is AlertStatus.PENDING
    with pytest.raises(InvalidTransition):
        await alerts.confirm(FollowAlertLink(alert_links(KEY, old.alert_id).confirm))
