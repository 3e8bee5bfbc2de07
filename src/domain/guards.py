"""Small checks shared by value objects and aggregates; each raises InvariantViolated."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeVar

from domain.errors import InvariantViolated

E = TypeVar("E", bound=StrEnum)


def require(condition: bool, message: str, *, field: str | None = None) -> None:
    if not condition:
        raise InvariantViolated(message, field=field)


# Characters no XML document (feeds, sitemaps) may hold and no UTF-8 encoder writes: C0
# controls other than tab, line feed and carriage return, and lone surrogates.
_UNWRITABLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def clean_text(value: str, *, field: str, max_length: int, allow_empty: bool = False) -> str:
    """Strip surrounding whitespace and check the length of a free-text field."""
    text = value.strip()
    require(allow_empty or bool(text), f"{field} must not be empty", field=field)
    require(
        len(text) <= max_length,
        f"{field} must be at most {max_length} characters",
        field=field,
    )
    require("\x00" not in text, f"{field} must not contain NUL characters", field=field)
    require(
        not _UNWRITABLE.search(text),
        f"{field} must not contain control characters or lone surrogates",
        field=field,
    )
    return text


def member(enum: type[E], value: str, *, field: str) -> E:
    """The enum member named by ``value``, or InvariantViolated listing the allowed values."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise InvariantViolated(f"{field} must be one of {allowed}", field=field) from None
