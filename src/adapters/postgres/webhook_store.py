"""Webhook endpoints in PostgreSQL: the unit of work the webhook commands run in (the
endpoints, the redeliveries asked for and the audit entries, in one transaction) and the
reader of endpoints and delivery logs. Rows map to the aggregate here and nowhere else."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self
from uuid import UUID

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.audit_log import PendingAuditEntries, write_entries
from adapters.postgres.availability import as_unavailable, translate_outages
from adapters.postgres.tables import webhook_deliveries, webhook_endpoints
from application.webhooks.ports import DeliveryRecord, Owner
from domain.errors import ConcurrentModification, NotFound
from domain.ids import CompanyId, WebhookDeliveryId, WebhookEndpointId
from domain.webhook import EndpointStatus, WebhookEndpoint, WebhookEventType

NEW = 0  # the version "loaded" for an endpoint that is not in the table yet


def endpoint_to_row(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "id": endpoint.id,
        "company_id": endpoint.company_id,
        "url": endpoint.url,
        "event_types": sorted(t.value for t in endpoint.event_types),
        "description": endpoint.description,
        "sealed_secret": endpoint.sealed_secret,
        "status": endpoint.status.value,
        "disabled_reason": endpoint.disabled_reason,
        "disabled_at": endpoint.disabled_at,
        "created_at": endpoint.created_at,
        "secret_rotated_at": endpoint.secret_rotated_at,
        "version": endpoint.version,
    }


def endpoint_from_row(row: Any) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=WebhookEndpointId(row.id),
        company_id=CompanyId(row.company_id) if row.company_id is not None else None,
        url=row.url,
        event_types=frozenset(WebhookEventType(t) for t in row.event_types),
        description=row.description,
        sealed_secret=row.sealed_secret,
        status=EndpointStatus(row.status),
        disabled_reason=row.disabled_reason,
        disabled_at=row.disabled_at,
        created_at=row.created_at,
        secret_rotated_at=row.secret_rotated_at,
        version=row.version,
    )


class _Endpoints:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self.seen: dict[WebhookEndpointId, tuple[WebhookEndpoint, int]] = {}
        self.removed: dict[WebhookEndpointId, int] = {}

    def add(self, endpoint: WebhookEndpoint) -> None:
        self.seen[endpoint.id] = (endpoint, NEW)

    async def get(self, endpoint_id: WebhookEndpointId) -> WebhookEndpoint:
        row = (
            await self._connection.execute(
                select(webhook_endpoints).where(webhook_endpoints.c.id == endpoint_id)
            )
        ).first()
        if row is None:
            raise NotFound(f"webhook {endpoint_id} not found")
        endpoint = endpoint_from_row(row)
        self.seen[endpoint.id] = (endpoint, endpoint.version)
        return endpoint

    def remove(self, endpoint: WebhookEndpoint) -> None:
        _, loaded = self.seen.pop(endpoint.id, (endpoint, endpoint.version))
        self.removed[endpoint.id] = loaded


class _Deliveries:
    def __init__(self) -> None:
        self.asked: list[tuple[WebhookEndpointId, WebhookDeliveryId]] = []
        self.resumed: list[WebhookEndpointId] = []

    def redeliver(self, endpoint_id: WebhookEndpointId, delivery_id: WebhookDeliveryId) -> None:
        self.asked.append((endpoint_id, delivery_id))

    def resume(self, endpoint_id: WebhookEndpointId) -> None:
        self.resumed.append(endpoint_id)


# A redelivery starts afresh: due now, its attempts and its day of grace counted anew.
_REDELIVER = (
    update(webhook_deliveries)
    .values(
        status="pending",
        attempts=0,
        first_attempt_at=None,
        delivered_at=None,
    )
    .returning(webhook_deliveries.c.id)
)


class PostgresWebhookUnitOfWork:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def __aenter__(self) -> Self:
        try:
            self._connection = await self._engine.connect()
        except Exception as error:
            raise as_unavailable(error) from error
        self.endpoints = _Endpoints(self._connection)
        self.deliveries = _Deliveries()
        self.audit = PendingAuditEntries()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._connection.close()  # rolls back what was not committed
        except Exception as error:
            if exc is None:
                raise as_unavailable(error) from error
        if isinstance(exc, Exception) and (outage := as_unavailable(exc)) is not exc:
            raise outage from exc

    async def commit(self) -> None:
        connection = self._connection
        for endpoint, loaded in self.endpoints.seen.values():
            row = endpoint_to_row(endpoint)
            if loaded == NEW:
                await connection.execute(insert(webhook_endpoints), row)
            elif endpoint.version != loaded:
                await self._guarded(
                    update(webhook_endpoints)
                    .where(
                        webhook_endpoints.c.id == endpoint.id,
                        webhook_endpoints.c.version == loaded,
                    )
                    .values(**{k: v for k, v in row.items() if k != "id"}),
                    endpoint.id,
                )
        for endpoint_id, loaded in self.endpoints.removed.items():
            await self._guarded(
                delete(webhook_endpoints).where(
                    webhook_endpoints.c.id == endpoint_id, webhook_endpoints.c.version == loaded
                ),
                endpoint_id,
            )
        for endpoint_id, delivery_id in self.deliveries.asked:
            found = (
                await connection.execute(
                    _REDELIVER.where(
                        webhook_deliveries.c.id == delivery_id,
                        webhook_deliveries.c.endpoint_id == endpoint_id,
                    ).values(next_attempt_at=func.now())
                )
            ).first()
            if found is None:
                raise NotFound(f"delivery {delivery_id} not found")
        for endpoint_id in self.deliveries.resumed:
            await connection.execute(
                update(webhook_deliveries)
                .where(
                    webhook_deliveries.c.endpoint_id == endpoint_id,
                    webhook_deliveries.c.status == "pending",
                )
                .values(first_attempt_at=None, next_attempt_at=func.now())
            )
        await write_entries(connection, self.audit.entries)
        await connection.commit()
        self.audit.entries.clear()
        self.endpoints.seen = {e.id: (e, e.version) for e, _ in self.endpoints.seen.values()}
        self.endpoints.removed.clear()
        self.deliveries.asked.clear()
        self.deliveries.resumed.clear()

    async def _guarded(self, statement: Any, endpoint_id: UUID) -> None:
        result: Any = await self._connection.execute(statement)
        if result.rowcount != 1:
            raise ConcurrentModification(
                f"webhook {endpoint_id} was changed by another writer; reload and retry"
            )


def delivery_record(row: Any) -> DeliveryRecord:
    return DeliveryRecord(
        id=WebhookDeliveryId(row.id),
        event_id=row.event_id,
        event_type=row.event_type,
        status=row.status,
        attempts=row.attempts,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at if row.status == "pending" else None,
        last_attempt_at=row.last_attempt_at,
        last_status_code=row.last_status_code,
        last_error=row.last_error,
        delivered_at=row.delivered_at,
    )


_LOG_COLUMNS = [c for c in webhook_deliveries.c if c.name not in ("body", "subject", "outbox_id")]


@translate_outages
class PostgresWebhookReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def endpoints_of(self, owner: Owner) -> list[WebhookEndpoint]:
        owned = (
            webhook_endpoints.c.company_id.is_(None)
            if owner is None
            else webhook_endpoints.c.company_id == owner
        )
        statement = (
            select(webhook_endpoints)
            .where(owned)
            .order_by(webhook_endpoints.c.created_at, webhook_endpoints.c.id)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        return [endpoint_from_row(row) for row in rows]

    async def deliveries(
        self, endpoint_id: WebhookEndpointId, before: WebhookDeliveryId | None, limit: int
    ) -> list[DeliveryRecord]:
        statement = select(*_LOG_COLUMNS).where(webhook_deliveries.c.endpoint_id == endpoint_id)
        if before is not None:
            statement = statement.where(webhook_deliveries.c.id < before)
        statement = statement.order_by(webhook_deliveries.c.id.desc()).limit(limit)
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        return [delivery_record(row) for row in rows]
