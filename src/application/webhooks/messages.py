"""What an outbox event becomes for webhook receivers: its type in the webhook catalogue,
the company it concerns (who may hear of it), the subject deliveries are ordered by, and
the body (Standard Webhooks' ``type``/``timestamp``/``data``).

The ``data`` is the integration event's public facts (application.integration_events):
ids, states and times, never a person's name or address, nor an admin's free text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.integration_events import CONTRACTS, OutboxEvent
from domain.ids import CompanyId
from domain.webhook import SOURCE_EVENTS, WebhookEventType


@dataclass(frozen=True, slots=True)
class WebhookMessage:
    event_type: WebhookEventType
    event_id: str  # "<aggregate id>:<version>", the integration event's id too
    company_id: CompanyId | None  # the company the event is about
    subject: UUID  # deliveries of one subject to one endpoint go in order
    body: dict[str, Any]


def webhook_message(event: OutboxEvent) -> WebhookMessage | None:
    """The webhook message of an outbox event; None when no webhook event type is made
    from it (drafts, catalogue changes, API keys ...)."""
    event_type = SOURCE_EVENTS.get(event.event_type)
    if event_type is None:
        return None
    if event.aggregate_type == "Company":
        company: UUID | None = event.aggregate_id
    else:
        raw = event.payload.get("company_id")
        company = UUID(str(raw)) if raw is not None else None
    subject = event.aggregate_id
    if event.aggregate_type == "JobApplication" and "posting_id" in event.payload:
        subject = UUID(str(event.payload["posting_id"]))  # in order with its posting's events
    contract = CONTRACTS[event.event_type]
    event_id = f"{event.aggregate_id}:{event.aggregate_version}"
    data = contract.data(event.aggregate_id, event.aggregate_version, event.payload)
    return WebhookMessage(
        event_type=event_type,
        event_id=event_id,
        company_id=CompanyId(company) if company is not None else None,
        subject=subject,
        body={
            "type": event_type.value,
            "timestamp": event.occurred_at.isoformat(),
            "id": event_id,
            "data": data,
        },
    )
