"""What the webhook routes answer: an endpoint (never its secret) and its deliveries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.ids import WebhookEndpointId
from domain.webhook import WebhookEndpoint


@dataclass(frozen=True, slots=True)
class WebhookView:
    id: WebhookEndpointId
    url: str
    event_types: list[str]
    description: str
    status: str
    disabled_reason: str | None
    disabled_at: datetime | None
    board_wide: bool
    created_at: datetime
    secret_rotated_at: datetime

    @classmethod
    def of(cls, endpoint: WebhookEndpoint) -> WebhookView:
        return cls(
            id=endpoint.id,
            url=endpoint.url,
            event_types=sorted(t.value for t in endpoint.event_types),
            description=endpoint.description,
            status=endpoint.status.value,
            disabled_reason=endpoint.disabled_reason,
            disabled_at=endpoint.disabled_at,
            board_wide=endpoint.board_wide,
            created_at=endpoint.created_at,
            secret_rotated_at=endpoint.secret_rotated_at,
        )


@dataclass(frozen=True, slots=True)
class WebhookWithSecret:
    """An endpoint just registered, or whose secret was just rotated: the only answers
    that carry the secret."""

    webhook: WebhookView
    secret: str
