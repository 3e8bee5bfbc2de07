"""The SELECT behind one page of a search, newest first or by relevance, and its values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Float,
    Select,
    bindparam,
    func,
    literal_column,
    select,
    tuple_,
)

from adapters.postgres.search_filters_sql import conditions, filter_values, text_query
from adapters.postgres.tables import public_postings as pp
from adapters.postgres.tables import public_postings_generation as ppg
from application.queries.public_postings import PostingSearch, SearchCursor, Sort

# What a search reads of each posting: the keys its order and cursor need, and the
# summary, a JSON document the projection encoded (a page is joined from them). With the
# rank after them, a row is a ListedPosting, field for field.
LISTED_COLUMNS = [pp.c.id, pp.c.published_at, pp.c.summary]

# The summary's fields as columns, for a reader that builds summaries itself (the
# benchmark's conventional reference does).
SUMMARY_COLUMNS = [
    c
    for c in pp.c
    if c.name
    not in ("description", "responsibilities", "benefits", "search", "projected_at", "summary")
]

# How many of the newest matches a relevance search ranks. A common word over a
# million postings then ranks a thousand, not a million; a rare word ranks all it finds.
RANKING_WINDOW = 1000


def search_values(search: PostingSearch, now: datetime) -> dict[str, Any]:
    """Every value ``search_statement`` binds, by name."""
    values = filter_values(search.filters, now)
    values["limit"] = search.limit
    if search.sort is Sort.RELEVANCE:
        values["window_end"] = search.window_end
    if search.after is not None:
        values["after_published_at"] = search.after.published_at
        values["after_id"] = search.after.posting_id
        if search.sort is Sort.RELEVANCE:
            values["after_rank"] = search.after.rank
    return values


def _after_keys(after: SearchCursor) -> tuple[BindParameter[Any], BindParameter[Any]]:
    return (
        bindparam("after_published_at", after.published_at, type_=pp.c.published_at.type),
        bindparam("after_id", after.posting_id, type_=pp.c.id.type),
    )


def facet_state_columns(now: datetime) -> tuple[ColumnElement[Any], ...]:
    """FACET_STATE as two columns a search can carry, read in the search's snapshot."""
    generation = select(ppg.c.generation).scalar_subquery().label("generation")
    next_lapse = (
        select(func.min(pp.c.valid_through))
        .where(pp.c.valid_through > bindparam("now", now, type_=pp.c.valid_through.type))
        .correlate(None)
        .scalar_subquery()
        .label("next_lapse")
    )
    return generation, next_lapse


def search_statement(
    search: PostingSearch,
    now: datetime,
    columns: Sequence[ColumnElement[Any]] = LISTED_COLUMNS,
    *,
    facet_state: bool = False,
) -> Select[Any]:
    """The SELECT behind one page of a search (also explained by scripts/explain_read_paths.py):
    ``columns`` of each posting found, and its rank; with ``facet_state``, then the
    board's generation and next lapse on every row (see FACET_STATE)."""
    f, after = search.filters, search.after
    where = conditions(f, now)
    limit: BindParameter[int] = bindparam("limit", search.limit)
    state = facet_state_columns(now) if facet_state else ()
    if search.sort is Sort.NEWEST:
        query = select(*columns, literal_column("NULL::float8").label("rank"), *state).where(*where)
        if after is not None:
            query = query.where(tuple_(pp.c.published_at, pp.c.id) < tuple_(*_after_keys(after)))
        return query.order_by(pp.c.published_at.desc(), pp.c.id.desc()).limit(limit)
    assert f.q is not None  # relevance needs a text; the handler made sure
    language: BindParameter[str] | None = bindparam("language", f.language) if f.language else None
    tsquery = text_query(bindparam("q", f.q), language)
    window_end = bindparam("window_end", search.window_end, type_=pp.c.published_at.type)
    window = (
        select(pp.c.id, pp.c.published_at, pp.c.search)
        .where(*where, pp.c.published_at <= window_end)
        .order_by(pp.c.published_at.desc(), pp.c.id.desc())
        .limit(RANKING_WINDOW)
        .cte("window")
    )
    rank = func.ts_rank(window.c.search, tsquery).cast(Float(53))
    # Rank and cut to the page inside the window; only the page's rows are fetched whole.
    page = select(window.c.id, window.c.published_at, rank.label("rank"))
    if after is not None:
        page = page.where(
            tuple_(rank, window.c.published_at, window.c.id)
            < tuple_(bindparam("after_rank", after.rank, type_=Float(53)), *_after_keys(after))
        )
    ranked = (
        page.order_by(rank.desc(), window.c.published_at.desc(), window.c.id.desc())
        .limit(limit)
        .cte("ranked")
    )
    return (
        select(*columns, ranked.c.rank, *state)
        .join_from(ranked, pp, pp.c.id == ranked.c.id)
        .order_by(ranked.c.rank.desc(), ranked.c.published_at.desc(), ranked.c.id.desc())
    )
