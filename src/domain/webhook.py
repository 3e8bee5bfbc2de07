"""Webhook endpoints: where an employer (or the board's admins) wants to hear of changes,
which changes, and whether the board still sends to it.

The endpoint's signing secret is held sealed (encrypted by an adapter): the domain never
sees it in the clear, only the opaque sealed form it must keep and replace on rotation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from urllib.parse import urlsplit

from domain.errors import InvalidTransition
from domain.guards import clean_text, require
from domain.ids import CompanyId, WebhookEndpointId
from domain.web_address import http_url

MAX_DESCRIPTION_LENGTH = 200
MAX_DISABLED_REASON_LENGTH = 500


class WebhookEventType(StrEnum):
    """The fixed catalogue of what an endpoint can subscribe to."""

    POSTING_PUBLISHED = "posting.published"
    POSTING_REVISED = "posting.revised"
    POSTING_CLOSED = "posting.closed"
    POSTING_EXPIRED = "posting.expired"
    POSTING_TAKEN_DOWN = "posting.taken_down"
    COMPANY_VERIFIED = "company.verified"
    COMPANY_SUSPENDED = "company.suspended"
    COMPANY_REINSTATED = "company.reinstated"
    APPLICATION_RECEIVED = "application.received"


# The domain event (as the outbox names it) each webhook event type is made from.
SOURCE_EVENTS: dict[str, WebhookEventType] = {
    "PostingPublished": WebhookEventType.POSTING_PUBLISHED,
    # A posting held for review goes public when an admin approves it (decision 020).
    "PostingApproved": WebhookEventType.POSTING_PUBLISHED,
    "PostingRevised": WebhookEventType.POSTING_REVISED,
    "PostingClosed": WebhookEventType.POSTING_CLOSED,
    "PostingExpired": WebhookEventType.POSTING_EXPIRED,
    "PostingTakenDown": WebhookEventType.POSTING_TAKEN_DOWN,
    "CompanyVerified": WebhookEventType.COMPANY_VERIFIED,
    "CompanySuspended": WebhookEventType.COMPANY_SUSPENDED,
    "CompanyReinstated": WebhookEventType.COMPANY_REINSTATED,
    "ApplicationSubmitted": WebhookEventType.APPLICATION_RECEIVED,
}


class EndpointStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"  # the board stopped sending; ``disabled_reason`` says why


def webhook_url(value: str, *, plain_http_hosts: Iterable[str] = ()) -> str:
    """An endpoint's URL: https, with a host name or address and no credentials. Plain
    http is taken only for the hosts named (a receiver on 127.0.0.1 in tests)."""
    url = http_url(value, field="url")
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    require(
        parts.scheme == "https" or host in {h.lower() for h in plain_http_hosts},
        "url must be an https URL",
        field="url",
    )
    require(not parts.fragment, "url must not have a fragment", field="url")
    return url


def event_types(values: Iterable[str]) -> frozenset[WebhookEventType]:
    """The event types wanted: at least one, each from the catalogue."""
    chosen: set[WebhookEventType] = set()
    allowed = ", ".join(t.value for t in WebhookEventType)
    for value in values:
        try:
            chosen.add(WebhookEventType(value))
        except ValueError:
            require(False, f"event_types must name only {allowed}", field="event_types")
    require(bool(chosen), f"event_types must name at least one of {allowed}", field="event_types")
    return frozenset(chosen)


class WebhookEndpoint:
    """One receiver. ``company_id`` None: a board-wide endpoint an admin subscribed, which
    hears of every company; otherwise it hears only of its company's postings and
    applications and of the company itself."""

    def __init__(
        self,
        *,
        id: WebhookEndpointId,
        company_id: CompanyId | None,
        url: str,
        event_types: frozenset[WebhookEventType],
        description: str,
        sealed_secret: str,
        status: EndpointStatus,
        disabled_reason: str | None,
        disabled_at: datetime | None,
        created_at: datetime,
        secret_rotated_at: datetime,
        version: int,
    ) -> None:
        self._id = id
        self._company_id = company_id
        self._url = url
        self._event_types = event_types
        self._description = description
        self._sealed_secret = sealed_secret
        self._status = status
        self._disabled_reason = disabled_reason
        self._disabled_at = disabled_at
        self._created_at = created_at
        self._secret_rotated_at = secret_rotated_at
        self._version = version

    @classmethod
    def register(
        cls,
        *,
        id: WebhookEndpointId,
        company_id: CompanyId | None,
        url: str,
        wanted: Iterable[str],
        description: str,
        sealed_secret: str,
        now: datetime,
        plain_http_hosts: Iterable[str] = (),
    ) -> WebhookEndpoint:
        return cls(
            id=id,
            company_id=company_id,
            url=webhook_url(url, plain_http_hosts=plain_http_hosts),
            event_types=event_types(wanted),
            description=clean_text(
                description,
                field="description",
                max_length=MAX_DESCRIPTION_LENGTH,
                allow_empty=True,
            ),
            sealed_secret=sealed_secret,
            status=EndpointStatus.ACTIVE,
            disabled_reason=None,
            disabled_at=None,
            created_at=now,
            secret_rotated_at=now,
            version=1,
        )

    @property
    def id(self) -> WebhookEndpointId:
        return self._id

    @property
    def company_id(self) -> CompanyId | None:
        return self._company_id

    @property
    def board_wide(self) -> bool:
        return self._company_id is None

    @property
    def url(self) -> str:
        return self._url

    @property
    def host(self) -> str:
        return (urlsplit(self._url).hostname or "").lower()

    @property
    def event_types(self) -> frozenset[WebhookEventType]:
        return self._event_types

    @property
    def description(self) -> str:
        return self._description

    @property
    def sealed_secret(self) -> str:
        return self._sealed_secret

    @property
    def status(self) -> EndpointStatus:
        return self._status

    @property
    def disabled_reason(self) -> str | None:
        return self._disabled_reason

    @property
    def disabled_at(self) -> datetime | None:
        return self._disabled_at

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def secret_rotated_at(self) -> datetime:
        return self._secret_rotated_at

    @property
    def version(self) -> int:
        return self._version

    @property
    def is_active(self) -> bool:
        return self._status is EndpointStatus.ACTIVE

    def belongs_to(self, company_id: CompanyId | None) -> bool:
        """Whether the actor (a company, or None for the board's admins) owns it."""
        return self._company_id == company_id

    def wants(self, event_type: WebhookEventType, company_id: CompanyId | None) -> bool:
        """Whether an event of this type about ``company_id`` is to be sent here."""
        if not self.is_active or event_type not in self._event_types:
            return False
        return self.board_wide or company_id == self._company_id

    def rotate_secret(self, sealed_secret: str, now: datetime) -> None:
        self._sealed_secret = sealed_secret
        self._secret_rotated_at = now
        self._version += 1

    def disable(self, reason: str, now: datetime) -> None:
        if not self.is_active:
            raise InvalidTransition("the endpoint is disabled already")
        self._status = EndpointStatus.DISABLED
        self._disabled_reason = clean_text(
            reason, field="reason", max_length=MAX_DISABLED_REASON_LENGTH
        )
        self._disabled_at = now
        self._version += 1

    def enable(self) -> None:
        """Send again (its owner fixed the receiver); deliveries given up stay given up."""
        if self.is_active:
            raise InvalidTransition("the endpoint is active already")
        self._status = EndpointStatus.ACTIVE
        self._disabled_reason = None
        self._disabled_at = None
        self._version += 1

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WebhookEndpoint) and other.id == self.id

    def __hash__(self) -> int:
        return hash(("WebhookEndpoint", self._id))

    def __repr__(self) -> str:
        return f"<WebhookEndpoint {self._id} v{self._version} {self._status.value}>"
