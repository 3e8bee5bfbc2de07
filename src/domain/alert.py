"""The Alert aggregate: a saved search a candidate gets by email, from the double opt-in
through its confirmation to its end (unsubscribed, or expired unconfirmed).

The subscriber's address is personal data: it lives on the aggregate (the mailer writes
to it) and nowhere else: not in an event, a log line or a metric."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.aggregate import Aggregate
from domain.email_address import email_address
from domain.errors import InvalidTransition
from domain.events import AlertConfirmed, AlertExpired, AlertRequested, AlertUnsubscribed
from domain.guards import member, require
from domain.ids import AlertId

# An alert nobody confirmed in this long sends nothing and ends.
CONFIRMATION_WINDOW = timedelta(hours=48)


class AlertFrequency(StrEnum):
    INSTANT = "instant"  # one email per matching posting, as it is published
    DAILY = "daily"  # one digest a day of the day's matches


class AlertStatus(StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    UNSUBSCRIBED = "unsubscribed"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """The filters of a posting search, kept as (filter name, its values) pairs in name
    order. The domain does not know the filters (the search's parameter table does), so a
    filter the search gains is saved with no change here; one value or several, each a
    string as the search's query string writes it."""

    filters: tuple[tuple[str, tuple[str, ...]], ...]

    def __post_init__(self) -> None:
        names = [name for name, _ in self.filters]
        require(names == sorted(set(names)), "a saved search names each filter once, in order")
        require(all(values for _, values in self.filters), "a saved filter has a value")

    @classmethod
    def of(cls, filters: dict[str, tuple[str, ...]]) -> SavedSearch:
        return cls(tuple(sorted((name, tuple(v)) for name, v in filters.items() if v)))

    def as_dict(self) -> dict[str, tuple[str, ...]]:
        return dict(self.filters)


class Alert(Aggregate[AlertId]):
    def __init__(
        self,
        *,
        id: AlertId,
        email: str,
        search: SavedSearch,
        frequency: AlertFrequency,
        confirm_digest: str,
        unsubscribe_digest: str,
        status: AlertStatus,
        created_at: datetime,
        confirmed_at: datetime | None,
        ended_at: datetime | None,
        version: int,
    ) -> None:
        super().__init__(id, version)
        self._email, self._search, self._frequency = email, search, frequency
        self._confirm_digest, self._unsubscribe_digest = confirm_digest, unsubscribe_digest
        self._status = status
        self._created_at, self._confirmed_at, self._ended_at = created_at, confirmed_at, ended_at

    @classmethod
    def request(
        cls,
        id: AlertId,
        email: str,
        search: SavedSearch,
        frequency: str,
        link_digests: tuple[str, str],
        now: datetime,
    ) -> Alert:
        """A new alert, pending until the address confirms it (double opt-in). Its links'
        tokens (confirm, unsubscribe) are mailed to it; the alert keeps their digests."""
        alert = cls(
            id=id,
            email=email_address(email, field="email"),
            search=search,
            frequency=member(AlertFrequency, frequency.strip().lower(), field="frequency"),
            confirm_digest=link_digests[0],
            unsubscribe_digest=link_digests[1],
            status=AlertStatus.PENDING,
            created_at=now,
            confirmed_at=None,
            ended_at=None,
            version=0,
        )
        alert._record(AlertRequested(id, alert.next_version, now))
        return alert

    @property
    def email(self) -> str:
        return self._email

    @property
    def search(self) -> SavedSearch:
        return self._search

    @property
    def frequency(self) -> AlertFrequency:
        return self._frequency

    @property
    def confirm_digest(self) -> str:
        return self._confirm_digest

    @property
    def unsubscribe_digest(self) -> str:
        return self._unsubscribe_digest

    @property
    def status(self) -> AlertStatus:
        return self._status

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def confirmed_at(self) -> datetime | None:
        return self._confirmed_at

    @property
    def ended_at(self) -> datetime | None:
        return self._ended_at

    def confirmation_lapsed(self, now: datetime) -> bool:
        return self._status is AlertStatus.PENDING and now >= self._created_at + CONFIRMATION_WINDOW

    def confirm(self, now: datetime) -> None:
        """The address followed the confirmation link. Confirming twice changes nothing; a
        lapsed, expired or unsubscribed alert cannot be confirmed (ask for a new one)."""
        if self._status is AlertStatus.CONFIRMED:
            return
        lapsed = self.confirmation_lapsed(now)
        if self._status is not AlertStatus.PENDING or lapsed:
            state = "expired" if lapsed else self._status.value
            raise InvalidTransition(f"this alert is {state}; ask for a new one", field="token")
        self._status, self._confirmed_at = AlertStatus.CONFIRMED, now
        self._record(AlertConfirmed(self.id, self.next_version, now))

    def unsubscribe(self, now: datetime) -> None:
        """The one-click unsubscribe: from any state, once (a second click changes nothing)."""
        if self._status in (AlertStatus.UNSUBSCRIBED, AlertStatus.EXPIRED):
            return
        self._status, self._ended_at = AlertStatus.UNSUBSCRIBED, now
        self._record(AlertUnsubscribed(self.id, self.next_version, now))

    def expire(self, now: datetime) -> None:
        """Upkeep: a pending alert past its confirmation window ends unconfirmed."""
        if not self.confirmation_lapsed(now):
            raise InvalidTransition("only a pending alert past its confirmation window expires")
        self._status, self._ended_at = AlertStatus.EXPIRED, now
        self._record(AlertExpired(self.id, self.next_version, now))
