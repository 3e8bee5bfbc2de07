"""Views to JSON values: what handlers put in a response (and what idempotency stores)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import orjson


def plain(value: Any) -> Any:
    """JSON values for a view: UUIDs and times as strings, amounts as numbers."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):  # a day (a posting's apply_by): YYYY-MM-DD
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def _fallback(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, UUID):  # a driver's own UUID subclass
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def encoded(value: Any) -> bytes:
    """``plain(value)`` as JSON bytes, in one pass of orjson: the same document, for the
    hot read routes (dataclasses, UUIDs, times with a Z, enums; amounts as numbers)."""
    return orjson.dumps(value, default=_fallback, option=orjson.OPT_UTC_Z)
