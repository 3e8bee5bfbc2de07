"""Domain events <-> outbox rows: the payload is the event's own facts as JSON."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from domain.events import DomainEvent

ENVELOPE = frozenset({"aggregate_id", "version", "occurred_at"})


def to_json(value: Any) -> Any:
    """Plain JSON values for what events and read models hold."""
    if isinstance(value, UUID | Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(v) for v in value]
    return value


def outbox_row(aggregate_type: str, event: DomainEvent) -> dict[str, Any]:
    facts = {
        f.name: getattr(event, f.name) for f in dataclasses.fields(event) if f.name not in ENVELOPE
    }
    return {
        "aggregate_type": aggregate_type,
        "aggregate_id": event.aggregate_id,
        "aggregate_version": event.version,
        "event_type": type(event).__name__,
        "payload": to_json(facts),
        "occurred_at": event.occurred_at,
    }
