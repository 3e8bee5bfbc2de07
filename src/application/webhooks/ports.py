"""What the webhook use cases need from the world."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from application.audit import AuditLog
from domain.ids import CompanyId, WebhookDeliveryId, WebhookEndpointId
from domain.webhook import WebhookEndpoint

# Who owns endpoints: a company, or None for the board (its admins' board-wide endpoints).
Owner = CompanyId | None


class WebhookSecrets(Protocol):
    """Makes signing secrets and seals them: the board must sign with the secret later,
    so it keeps it encrypted (never in the clear, never only a digest)."""

    def generate(self) -> str:
        """A new secret in the Standard Webhooks form ``whsec_<base64>``."""
        ...

    def seal(self, secret: str) -> str: ...

    def open(self, sealed: str) -> str:
        """The secret a ``seal`` made; raises if the key that sealed it is not known."""
        ...


class HostResolver(Protocol):
    async def addresses(self, host: str) -> list[str]:
        """The IP addresses ``host`` resolves to now (an address resolves to itself); an
        empty list when it does not resolve."""
        ...


class WebhookEndpointRepository(Protocol):
    def add(self, endpoint: WebhookEndpoint) -> None: ...

    async def get(self, endpoint_id: WebhookEndpointId) -> WebhookEndpoint:
        """The endpoint, or NotFound."""
        ...

    def remove(self, endpoint: WebhookEndpoint) -> None:
        """Delete the endpoint (and its delivery log) on commit."""
        ...


class WebhookDeliveryQueue(Protocol):
    def redeliver(self, endpoint_id: WebhookEndpointId, delivery_id: WebhookDeliveryId) -> None:
        """On commit, send the delivery again (same webhook-id) as soon as its turn comes;
        NotFound on commit if the endpoint has no such delivery."""
        ...

    def resume(self, endpoint_id: WebhookEndpointId) -> None:
        """On commit, make the endpoint's pending deliveries due now, their day of grace
        counted afresh (it was just enabled again)."""
        ...


class WebhookUnitOfWork(Protocol):
    """One transaction over endpoints, the delivery queue and the audit log."""

    @property
    def endpoints(self) -> WebhookEndpointRepository: ...

    @property
    def deliveries(self) -> WebhookDeliveryQueue: ...

    @property
    def audit(self) -> AuditLog: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


WebhookUnitOfWorkFactory = Callable[[], WebhookUnitOfWork]


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """One event to one endpoint, as the delivery log shows it."""

    id: WebhookDeliveryId
    event_id: str  # the outbox event's id as the receiver sees it in the body
    event_type: str
    status: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None


class WebhookReader(Protocol):
    async def endpoints_of(self, owner: Owner) -> list[WebhookEndpoint]:
        """The owner's endpoints, oldest first."""
        ...

    async def deliveries(
        self, endpoint_id: WebhookEndpointId, before: WebhookDeliveryId | None, limit: int
    ) -> list[DeliveryRecord]:
        """The endpoint's deliveries, newest first, those older than ``before`` if given."""
        ...
