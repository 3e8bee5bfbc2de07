"""The ports job alerts add: where alerts are kept, and how mail leaves the board."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from domain.alert import Alert
from domain.ids import AlertId


@dataclass(frozen=True, slots=True)
class AlertIndexEntry:
    """How percolation finds an alert: the keys it is indexed under (alerts.matching) and
    the search's tsquery of its q, as text (None without q)."""

    anchor_keys: tuple[str, ...]
    text_query: str | None = None


class AlertRepository(Protocol):
    def add(self, alert: Alert, index: AlertIndexEntry) -> None:
        """Stage a new alert with its percolation index entry."""
        ...

    async def get(self, alert_id: AlertId) -> Alert:
        """NotFound when absent."""
        ...

    async def by_link_digest(self, digest: str) -> Alert | None:
        """The alert one of whose links (confirm or unsubscribe) has this token digest."""
        ...

    async def pending_created_before(self, cutoff: datetime, limit: int) -> list[AlertId]: ...


@dataclass(frozen=True, slots=True)
class MailMessage:
    """One email. ``headers`` are extra header fields (List-Unsubscribe, Message-ID)."""

    to: str
    subject: str
    text: str
    headers: Mapping[str, str] = field(default_factory=dict)


class MailDeliveryFailed(Exception):
    """The mail server did not take the message. ``permanent``: it refused it for good
    (a 5xx answer); otherwise a later attempt may succeed. The message never holds an
    address: it is logged."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class MailSender(Protocol):
    """Hands messages to a mail server; raises MailDeliveryFailed."""

    async def send(self, message: MailMessage) -> None: ...
