"""An owner's webhook endpoints and each one's delivery log."""

from __future__ import annotations

from dataclasses import dataclass

from application.webhook_views import WebhookView
from application.webhooks.ports import DeliveryRecord, Owner, WebhookReader
from domain.errors import NotFound
from domain.ids import WebhookDeliveryId, WebhookEndpointId

MAX_DELIVERIES_PAGE = 100


@dataclass(frozen=True, slots=True)
class ListWebhooks:
    owner: Owner


@dataclass(frozen=True, slots=True)
class GetWebhook:
    owner: Owner
    endpoint_id: WebhookEndpointId


@dataclass(frozen=True, slots=True)
class ListWebhookDeliveries:
    owner: Owner
    endpoint_id: WebhookEndpointId
    before: WebhookDeliveryId | None = None
    limit: int = 50


@dataclass(frozen=True, slots=True)
class DeliveryPage:
    deliveries: list[DeliveryRecord]
    next_before: WebhookDeliveryId | None  # pass as ``before`` for the older ones


class ListWebhooksHandler:
    """The owner's endpoints, oldest first, without their secrets."""

    def __init__(self, reader: WebhookReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListWebhooks) -> list[WebhookView]:
        return [WebhookView.of(e) for e in await self._reader.endpoints_of(query.owner)]


async def _owned(
    reader: WebhookReader, owner: Owner, endpoint_id: WebhookEndpointId
) -> WebhookView:
    for endpoint in await reader.endpoints_of(owner):
        if endpoint.id == endpoint_id:
            return WebhookView.of(endpoint)
    raise NotFound(f"webhook {endpoint_id} not found")


class GetWebhookHandler:
    """One of the owner's endpoints: its status, and why it is disabled if it is."""

    def __init__(self, reader: WebhookReader) -> None:
        self._reader = reader

    async def __call__(self, query: GetWebhook) -> WebhookView:
        return await _owned(self._reader, query.owner, query.endpoint_id)


class ListWebhookDeliveriesHandler:
    """The endpoint's delivery log, newest first, a page at a time."""

    def __init__(self, reader: WebhookReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListWebhookDeliveries) -> DeliveryPage:
        await _owned(self._reader, query.owner, query.endpoint_id)
        limit = max(1, min(query.limit, MAX_DELIVERIES_PAGE))
        rows = await self._reader.deliveries(query.endpoint_id, query.before, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        return DeliveryPage(rows, rows[-1].id if more else None)
