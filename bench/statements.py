"""What the reference apps share with jobboard beyond its SQL.

Both references run jobboard's own statement: the raw app through
``adapters.postgres.compiled_search.compiled_search`` (compiled once per
query shape, bound with each search's values: the very SQL and arguments
jobboard sends), the conventional app through ``search_statement`` on an
SQLAlchemy session. When jobboard's query changes, both follow.
"""

from __future__ import annotations

from application.queries.public_postings import PostingFilters, Sort


def default_sort(requested: str | None, filters: PostingFilters) -> Sort:
    if requested:
        return Sort(requested)
    return Sort.RELEVANCE if filters.q else Sort.NEWEST
