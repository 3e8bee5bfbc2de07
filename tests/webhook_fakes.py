"""In-memory fakes of the webhook ports, for the application tests."""

from __future__ import annotations

import copy
import secrets
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

from application.audit import AuditEntry
from application.webhooks.ports import DeliveryRecord, Owner
from domain.errors import NotFound
from domain.ids import WebhookDeliveryId, WebhookEndpointId
from domain.webhook import WebhookEndpoint
from fakes import FakeAuditLog


class ReversedSecrets:
    """Seals by reversing (so a sealed secret never equals the secret), as a test can see."""

    def generate(self) -> str:
        return "whsec_" + secrets.token_urlsafe(24)

    def seal(self, secret: str) -> str:
        return "sealed:" + secret[::-1]

    def open(self, sealed: str) -> str:
        return sealed.removeprefix("sealed:")[::-1]


class FakeResolver:
    def __init__(self, answers: dict[str, list[str]] | None = None) -> None:
        self.answers = answers or {}

    async def addresses(self, host: str) -> list[str]:
        return list(self.answers.get(host, []))


@dataclass
class WebhookStore:
    endpoints: dict[WebhookEndpointId, WebhookEndpoint] = field(default_factory=dict)
    deliveries: dict[WebhookDeliveryId, tuple[WebhookEndpointId, DeliveryRecord]] = field(
        default_factory=dict
    )
    redelivered: list[WebhookDeliveryId] = field(default_factory=list)
    resumed: list[WebhookEndpointId] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)


class _Endpoints:
    def __init__(self, store: WebhookStore) -> None:
        self._store = store
        self.added: dict[WebhookEndpointId, WebhookEndpoint] = {}
        self.removed: set[WebhookEndpointId] = set()

    def add(self, endpoint: WebhookEndpoint) -> None:
        self.added[endpoint.id] = endpoint

    async def get(self, endpoint_id: WebhookEndpointId) -> WebhookEndpoint:
        if endpoint_id not in self._store.endpoints:
            raise NotFound(f"webhook {endpoint_id} not found")
        loaded = copy.deepcopy(self._store.endpoints[endpoint_id])
        self.added[endpoint_id] = loaded
        return loaded

    def remove(self, endpoint: WebhookEndpoint) -> None:
        self.removed.add(endpoint.id)


class _Deliveries:
    def __init__(self) -> None:
        self.asked: list[tuple[WebhookEndpointId, WebhookDeliveryId]] = []
        self.resumed: list[WebhookEndpointId] = []

    def redeliver(self, endpoint_id: WebhookEndpointId, delivery_id: WebhookDeliveryId) -> None:
        self.asked.append((endpoint_id, delivery_id))

    def resume(self, endpoint_id: WebhookEndpointId) -> None:
        self.resumed.append(endpoint_id)


class FakeWebhookUnitOfWork:
    def __init__(self, store: WebhookStore) -> None:
        self._store = store

    async def __aenter__(self) -> Self:
        self.endpoints = _Endpoints(self._store)
        self.deliveries = _Deliveries()
        self.audit = FakeAuditLog()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def commit(self) -> None:
        for endpoint_id, delivery_id in self.deliveries.asked:
            owner = self._store.deliveries.get(delivery_id)
            if owner is None or owner[0] != endpoint_id:
                raise NotFound(f"delivery {delivery_id} not found")
        self._store.redelivered.extend(d for _, d in self.deliveries.asked)
        self._store.resumed.extend(self.deliveries.resumed)
        self._store.endpoints.update(copy.deepcopy(self.endpoints.added))
        for endpoint_id in self.endpoints.removed:
            self._store.endpoints.pop(endpoint_id, None)
        self._store.audit.extend(self.audit.pending)
        self.audit.pending.clear()


class FakeWebhookReader:
    def __init__(self, store: WebhookStore) -> None:
        self._store = store

    async def endpoints_of(self, owner: Owner) -> list[WebhookEndpoint]:
        mine = [e for e in self._store.endpoints.values() if e.belongs_to(owner)]
        return sorted(mine, key=lambda e: (e.created_at, e.id))

    async def deliveries(
        self, endpoint_id: WebhookEndpointId, before: WebhookDeliveryId | None, limit: int
    ) -> list[DeliveryRecord]:
        rows = sorted(
            (r for e, r in self._store.deliveries.values() if e == endpoint_id),
            key=lambda r: r.id,
            reverse=True,
        )
        if before is not None:
            rows = [r for r in rows if r.id < before]
        return rows[:limit]
