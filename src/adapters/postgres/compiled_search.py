"""Search statements compiled for asyncpg once per shape, kept for the process's life."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect

from adapters.postgres.search_statement import search_statement, search_values
from application.queries.public_postings import PostingSearch, Sort


@dataclass(frozen=True, slots=True)
class CompiledSearch:
    """A search statement compiled for asyncpg once per shape: SQL with $n placeholders,
    the names of the values that fill them in order, and the statement's constants."""

    sql: str
    names: tuple[str, ...]
    constants: dict[str, Any]

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        return [values[n] if n in values else self.constants[n] for n in self.names]


ASYNCPG = asyncpg_dialect()  # type: ignore[no-untyped-call]
_compiled: dict[tuple[Sort, frozenset[str], bool], CompiledSearch] = {}


def compiled_search(
    search: PostingSearch, now: datetime, *, facet_state: bool = False
) -> tuple[CompiledSearch, dict[str, Any]]:
    """The compiled statement for ``search`` (built on first sight of its shape) and its values."""
    values = search_values(search, now)
    shape = (search.sort, frozenset(values), facet_state)
    found = _compiled.get(shape)
    if found is None:
        statement = search_statement(search, now, facet_state=facet_state)
        compiled = statement.compile(dialect=ASYNCPG)
        names = tuple(compiled.positiontup or ())
        constants = {n: compiled.params[n] for n in names if n not in values}
        found = _compiled[shape] = CompiledSearch(compiled.string, names, constants)
    return found, values
