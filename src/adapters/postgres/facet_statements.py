"""The statements that count facet groups: over the matches, over the postings that
lapsed since a moment, or from public_posting_counts when no filter needs a scan."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    FromClause,
    Select,
    TextClause,
    func,
    literal,
    literal_column,
    null,
    select,
    text,
    union_all,
)

from adapters.postgres.public_counts import live_counts
from adapters.postgres.search_filters_sql import conditions
from adapters.postgres.tables import public_postings as pp
from application.queries.public_postings import PostingFilters


def _group_counts(group: str, rows: FromClause) -> Select[Any]:
    """One facet group's counts over ``rows`` (public_postings, or some of its columns):
    the group's name, each value, its count, and a label (a company's name) or NULL."""
    c = rows.c
    facet = literal(group).label("facet")
    count = func.count().label("count")
    if group in ("country", "requirement", "working_language"):
        # A remote posting open to a country counts there, as the country filter has it.
        values: ColumnElement[Any]
        if group == "country":
            values = c.countries.op("||")(c.remote_countries)
        else:
            values = c.requirement_names if group == "requirement" else c.spoken_languages
        value = select(func.unnest(values).label("value")).distinct().correlate(rows).lateral("v")
        return (
            select(facet, value.c.value, count, null().label("label"))
            .select_from(rows)
            .join(value, literal_column("true"))
            .group_by(value.c.value)
        )
    if group == "company":
        label = func.min(c.company_name).label("label")
        return select(facet, c.company_slug.label("value"), count, label).group_by(c.company_slug)
    column = {
        "language": c.language,
        "workplace": c.workplace,
        "visa_sponsorship": c.visa_sponsorship,
        "relocation_support": c.relocation_support,
    }.get(group, c.employment_type)
    return select(facet, column.label("value"), count, null().label("label")).group_by(column)


# What the facet groups read of a posting.
FACET_COLUMNS = [
    pp.c.language,
    pp.c.workplace,
    pp.c.employment_type,
    pp.c.company_slug,
    pp.c.company_name,
    pp.c.countries,
    pp.c.remote_countries,
    pp.c.requirement_names,
    pp.c.visa_sponsorship,
    pp.c.relocation_support,
    pp.c.spoken_languages,
]


def facet_statement(
    group: str, filters: PostingFilters, now: datetime, lapsed_since: datetime | None = None
) -> Select[Any]:
    """One facet group's counts under every filter but its own, for every value (an answer
    shows the FACET_SIZE largest: see ``top``). With ``lapsed_since``, the counts of the
    postings that lapsed since then instead."""
    where = conditions(filters, now, leave_out=group, lapsed_since=lapsed_since)
    return _group_counts(group, pp).where(*where)


def shared_facets_statement(
    groups: tuple[str, ...],
    filters: PostingFilters,
    now: datetime,
    lapsed_since: datetime | None = None,
) -> CompoundSelect[Any]:
    """The counts of several groups none of whose own filters is set, so that each one is
    counted under all the filters: the matches are read once (a CTE read by each group),
    not once a group. Rows of (facet, value, count, label)."""
    matches = (
        select(*FACET_COLUMNS)
        .where(*conditions(filters, now, lapsed_since=lapsed_since))
        .cte("matches")
    )
    return union_all(*(_group_counts(group, matches) for group in groups))


@lru_cache(maxsize=64)
def counted_facets(groups: tuple[str, ...], language: bool) -> TextClause:
    """Every value of the ``groups`` read from public_posting_counts, as rows of (facet,
    value, count, label): the answer when the only filter is the language (a board's
    landing page), with no scan of the postings."""
    parts = []
    for group in groups:
        counted = live_counts(group, language=language and group != "language")
        if group == "company":
            parts.append(f"""
                SELECT 'company' AS facet, pc.slug AS value, c.postings AS count,
                       pc.name AS label
                FROM ({counted}) c JOIN public_companies pc ON pc.id::text = c.value""")
        else:
            parts.append(f"""
                SELECT '{group}' AS facet, value, postings AS count, NULL::text AS label
                FROM ({counted}) c""")
    return text(" UNION ALL ".join(parts))


NO_FILTERS = PostingFilters()
# The groups public_posting_counts keeps; the posting facts' groups are counted by a scan.
KEPT_GROUPS = frozenset(
    {"country", "language", "workplace", "employment_type", "requirement", "company"}
)


def counted(filters: PostingFilters, groups: tuple[str, ...] = ()) -> bool:
    """Whether every facet group can be read from the counts: no filter but the language,
    and only groups the counts keep."""
    return replace(filters, language=None) == NO_FILTERS and KEPT_GROUPS.issuperset(groups)


# Each facet group's own filter, and that filter when it is not set.
OWN_FILTER: dict[str, tuple[str, Any]] = {
    "country": ("countries", ()),
    "language": ("language", None),
    "workplace": ("workplaces", ()),
    "employment_type": ("employment_types", ()),
    "requirement": ("requirements", ()),
    "company": ("company", None),
    "visa_sponsorship": ("visa_sponsorship", None),
    "relocation_support": ("relocation_support", None),
    "working_language": ("working_language", None),
}


def without_own_filter(filters: PostingFilters, group: str) -> PostingFilters:
    """The filters a group's counts are taken under (facets are disjunctive)."""
    name, unset = OWN_FILTER[group]
    return replace(filters, **{name: unset})


# What an answer computed from public_postings depends on: the table's generation (bumped
# by every statement that changes it) and the next moment a public posting lapses.
FACET_STATE = """
SELECT (SELECT generation FROM public_postings_generation) AS generation,
       (SELECT min(valid_through) FROM public_postings WHERE valid_through > $1) AS next_lapse
"""
