"""A search's filters as an alert saves them, and back, field by field of PostingFilters.

Nothing here names a filter: the conversion reads PostingFilters' own fields and their
types, so a filter the search gains is saved, restored and matched with no change here."""

from __future__ import annotations

import dataclasses
import typing
from decimal import Decimal
from functools import cache
from typing import Any

from application.queries.public_postings import PostingFilters
from domain.alert import SavedSearch


@cache
def _field_types() -> dict[str, Any]:
    return typing.get_type_hints(PostingFilters)


@cache
def _field_kinds() -> dict[str, tuple[Any, bool]]:
    """Per filter field: its values' type, and whether it takes several."""
    return {
        name: (_scalar_type(annotation), _is_repeated(annotation))
        for name, annotation in _field_types().items()
    }


def _scalar_type(annotation: Any) -> Any:
    """The element type of ``tuple[X, ...]`` or of ``X | None``."""
    arguments = [a for a in typing.get_args(annotation) if a is not type(None) and a is not ...]
    return arguments[0] if arguments else annotation


def _is_repeated(annotation: Any) -> bool:
    return typing.get_origin(annotation) is tuple


def saved_search(filters: PostingFilters) -> SavedSearch:
    """The (already validated) filters as the alert keeps them: every set filter's values
    as strings."""
    saved: dict[str, tuple[str, ...]] = {}
    for field in dataclasses.fields(PostingFilters):
        value = getattr(filters, field.name)
        if value is None or value == ():
            continue
        values = value if isinstance(value, tuple) else (value,)
        saved[field.name] = tuple(_written(v) for v in values)
    return SavedSearch.of(saved)


def _written(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _read(kind: Any, value: str) -> Any:
    if kind is bool:
        return value == "true"
    if kind in (int, Decimal):
        return kind(value)
    return value


def search_filters(search: SavedSearch) -> PostingFilters:
    """The filters a saved search holds, typed again as the search takes them. A filter
    the search no longer has is left out (it cannot narrow what the search cannot)."""
    kinds = _field_kinds()
    given: dict[str, Any] = {}
    for name, values in search.filters:
        if name not in kinds:
            continue
        kind, repeated = kinds[name]
        if repeated:
            given[name] = tuple(_read(kind, v) for v in values)
        else:
            given[name] = _read(kind, values[-1])
    return PostingFilters(**given)
