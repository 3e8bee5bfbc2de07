"""jobboard's own search statement, compiled once per query shape to SQL text + arguments.

The reference apps must run the SAME SQL as jobboard, and keep running it when
jobboard's query changes. So they never write the query: for each shape of
search (which filters are present, how many values each has, the sort, whether
a cursor is given) ``compile_search`` builds jobboard's ``search_statement``
once with marked stand-in values, compiles it for asyncpg, and learns which
positional argument carries which part of the search. Binding a real search is
then a list comprehension, as cheap as a hand-written query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect

from adapters.postgres.public_posting_reader import search_statement
from application.queries.public_postings import PostingFilters, PostingSearch, SearchCursor, Sort

# Stand-ins no real search can hold.
NOW = datetime(2001, 2, 3, 4, 5, 6, 789, tzinfo=UTC)
WINDOW_END = datetime(2002, 3, 4, 5, 6, 7, 891, tzinfo=UTC)
AFTER_AT = datetime(2003, 4, 5, 6, 7, 8, 912, tzinfo=UTC)
AFTER_ID = UUID("0badc0de-0000-7000-8000-00000000b0b0")
AFTER_RANK = 0.123456789
LIMIT = 987_651
SALARY = Decimal("987654.32")
DAYS = 3

Getter = Callable[[PostingSearch, datetime], Any]

_DIALECT = asyncpg_dialect.dialect()  # type: ignore[no-untyped-call]


def _mark(name: str, index: int | None = None) -> str:
    return f"\x01{name}\x02{'' if index is None else index}"


def shape(search: PostingSearch) -> tuple[Any, ...]:
    """What decides the SQL text of a search (not its values)."""
    f = search.filters
    return (
        search.sort,
        search.after is not None,
        tuple(
            len(v) if isinstance(v, tuple) else v is not None
            for v in (getattr(f, field.name) for field in fields(f))
        ),
        f.salary_min is not None and f.currency is not None,
    )


@dataclass(frozen=True)
class CompiledSearch:
    sql: str
    getters: tuple[Getter, ...]

    def arguments(self, search: PostingSearch, now: datetime) -> list[Any]:
        return [get(search, now) for get in self.getters]


def _stand_in(search: PostingSearch) -> PostingSearch:
    f = search.filters
    values: dict[str, Any] = {}
    for field in fields(f):
        value = getattr(f, field.name)
        if value is None:
            continue
        if isinstance(value, tuple):
            values[field.name] = tuple(_mark(field.name, i) for i in range(len(value)))
        elif field.name == "salary_min":
            values[field.name] = SALARY
        elif field.name == "posted_within_days":
            values[field.name] = DAYS
        else:
            values[field.name] = _mark(field.name)
    after = None
    if search.after is not None:
        after = SearchCursor(search.sort, AFTER_AT, AFTER_ID, AFTER_RANK, WINDOW_END)
    return replace(
        search,
        filters=PostingFilters(**values),
        limit=LIMIT,
        after=after,
        window_end=WINDOW_END,
    )


def _constant(value: Any) -> Getter:
    return lambda search, now: value


def _getter(value: Any) -> Getter:
    """How to get a real search's argument for the stand-in ``value``."""
    if value == NOW:
        return lambda search, now: now
    if value == NOW - timedelta(days=DAYS):
        return lambda search, now: now - timedelta(days=search.filters.posted_within_days or 0)
    if value == WINDOW_END:
        return lambda search, now: search.window_end
    if value == LIMIT:
        return lambda search, now: search.limit
    if value == SALARY:
        return lambda search, now: search.filters.salary_min
    if value == AFTER_AT:
        return lambda search, now: search.after.published_at if search.after else None
    if value == AFTER_ID:
        return lambda search, now: search.after.posting_id if search.after else None
    if value == AFTER_RANK:
        return lambda search, now: search.after.rank if search.after else None
    if isinstance(value, str) and value.startswith("\x01"):
        name, index = value[1:].split("\x02")
        if index:
            position = int(index)
            return lambda search, now: getattr(search.filters, name)[position]
        return lambda search, now: getattr(search.filters, name)
    if (
        isinstance(value, list)
        and value
        and all(isinstance(v, str) and v.startswith("\x01") for v in value)
    ):
        parts = [v[1:].split("\x02") for v in value]
        name = parts[0][0]
        if len(parts) == 1 and not parts[0][1]:  # one whole value in an array: city
            return lambda search, now: [getattr(search.filters, name)]
        return lambda search, now: list(getattr(search.filters, name))
    return _constant(value)


def compile_search(search: PostingSearch) -> CompiledSearch:
    """jobboard's SQL for searches shaped like ``search``, with how to bind one."""
    compiled = search_statement(_stand_in(search), NOW).compile(
        dialect=_DIALECT, compile_kwargs={"render_postcompile": True}
    )
    params = compiled.params
    names = compiled.positiontup or []
    return CompiledSearch(compiled.string, tuple(_getter(params[name]) for name in names))


class SearchCompiler:
    """compile_search, cached by shape."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Any, ...], CompiledSearch] = {}

    def __call__(self, search: PostingSearch) -> CompiledSearch:
        key = shape(search)
        compiled = self._cache.get(key)
        if compiled is None:
            compiled = self._cache[key] = compile_search(search)
        return compiled


def default_sort(requested: str | None, filters: PostingFilters) -> Sort:
    if requested:
        return Sort(requested)
    return Sort.RELEVANCE if filters.q else Sort.NEWEST
