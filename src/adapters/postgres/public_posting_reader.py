"""Reads the public posting read model with SQLAlchemy Core; returns frozen views."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.public_counts import live_counts
from adapters.postgres.tables import public_companies as pc
from adapters.postgres.tables import public_postings as pp
from application.queries.public_postings import (
    FACET_GROUPS,
    FacetCount,
    PostingFilters,
    PostingSearch,
    RankedSummary,
    Sort,
)
from application.queries.views import (
    CompanyRef,
    LocationView,
    PostingDetail,
    PostingSummary,
    RequirementView,
    SalaryView,
)


def _salary(row: Any) -> SalaryView | None:
    if row.salary_min is None:
        return None
    return SalaryView(
        Decimal(row.salary_min), Decimal(row.salary_max), row.salary_currency, row.salary_period
    )


def _locations(row: Any) -> tuple[LocationView, ...]:
    return tuple(LocationView(loc["country"], loc.get("city")) for loc in row.locations)


def _summary(row: Any) -> PostingSummary:
    return PostingSummary(
        id=row.id,
        title=row.title,
        company=CompanyRef(row.company_name, row.company_slug),
        language=row.language,
        locations=_locations(row),
        workplace=row.workplace,
        employment_type=row.employment_type,
        seniority=row.seniority,
        salary=_salary(row),
        requirements=tuple(r["name"] for r in row.requirements),
        published_at=row.published_at,
        valid_through=row.valid_through,
    )


def _detail(row: Any) -> PostingDetail:
    return PostingDetail(
        id=row.id,
        title=row.title,
        company=CompanyRef(row.company_name, row.company_slug),
        language=row.language,
        locations=_locations(row),
        remote_countries=tuple(row.remote_countries),
        workplace=row.workplace,
        employment_type=row.employment_type,
        seniority=row.seniority,
        salary=_salary(row),
        description=row.description,
        responsibilities=tuple(row.responsibilities),
        benefits=tuple(row.benefits),
        requirements=tuple(
            RequirementView(r["name"], r["kind"], r["importance"], r["min_years"], r["detail"])
            for r in row.requirements
        ),
        published_at=row.published_at,
        valid_through=row.valid_through,
        company_website=row.company_website,
    )


SUMMARY_COLUMNS = [
    c
    for c in pp.c
    if c.name not in ("description", "responsibilities", "benefits", "search", "projected_at")
]

# How many of the newest matches a relevance search ranks. A common word over a
# million postings then ranks a thousand, not a million; a rare word ranks all it finds.
RANKING_WINDOW = 1000

# Without a language filter the text is read in each of these languages (and as
# plain words), since every posting's vector is stemmed in its own language.
SEARCH_LANGUAGES = ("english", "french", "german", "spanish", "italian", "portuguese", "dutch")


def text_query(q: str, language: str | None) -> ColumnElement[Any]:
    """The tsquery for ``q``: in the posting language asked for, or in every common one."""
    if language is not None:
        return func.websearch_to_tsquery(func.jobboard_ts_config(language), q)
    query: ColumnElement[Any] = func.websearch_to_tsquery(literal_column("'simple'::regconfig"), q)
    for config in SEARCH_LANGUAGES:
        stemmed = func.websearch_to_tsquery(literal_column(f"'{config}'::regconfig"), q)
        query = query.op("||")(stemmed)
    return query


def conditions(f: PostingFilters, now: datetime, *, leave_out: str | None = None) -> list[Any]:
    """The WHERE clauses for the filters (but the facet group ``leave_out``)."""
    where: list[Any] = [pp.c.valid_through > now]
    if f.q:
        where.append(pp.c.search.op("@@")(text_query(f.q, f.language)))
    if f.countries and leave_out != "country":
        # A remote posting open to a country counts as being in it.
        where.append(
            or_(
                pp.c.countries.overlap(list(f.countries)),
                pp.c.remote_countries.overlap(list(f.countries)),
            )
        )
    if f.city:
        where.append(pp.c.cities.contains([f.city]))
    if f.language and leave_out != "language":
        where.append(pp.c.language == f.language)
    if f.workplaces and leave_out != "workplace":
        where.append(pp.c.workplace.in_(f.workplaces))
    if f.employment_types and leave_out != "employment_type":
        where.append(pp.c.employment_type.in_(f.employment_types))
    if f.seniority:
        where.append(pp.c.seniority == f.seniority)
    if f.company and leave_out != "company":
        where.append(pp.c.company_slug == f.company)
    if f.requirements and leave_out != "requirement":
        where.append(pp.c.requirement_names.contains(list(f.requirements)))
    if f.salary_min is not None and f.currency is not None:
        where.append(pp.c.salary_currency == f.currency)
        where.append(pp.c.annual_salary_max >= f.salary_min)
    if f.posted_within_days:
        where.append(pp.c.published_at >= now - timedelta(days=f.posted_within_days))
    return where


def _facet_query(group: str, where: list[Any]) -> Select[Any]:
    count = func.count().label("count")
    if group in ("country", "requirement"):
        # A remote posting open to a country counts there, as the country filter has it.
        values = (
            pp.c.countries.op("||")(pp.c.remote_countries)
            if group == "country"
            else pp.c.requirement_names
        )
        value = select(func.unnest(values).label("value")).distinct().correlate(pp).lateral("v")
        return (
            select(value.c.value, count)
            .select_from(pp)
            .join(value, literal_column("true"))
            .where(*where)
            .group_by(value.c.value)
        )
    if group == "company":
        return (
            select(
                pp.c.company_slug.label("value"), count, func.min(pp.c.company_name).label("label")
            )
            .where(*where)
            .group_by(pp.c.company_slug)
        )
    column = {"language": pp.c.language, "workplace": pp.c.workplace}.get(
        group, pp.c.employment_type
    )
    return select(column.label("value"), count).where(*where).group_by(column)


FACET_SIZE = 50


def search_statement(search: PostingSearch, now: datetime) -> Select[Any]:
    """The SELECT behind one page of a search (also explained by scripts/explain_read_paths.py)."""
    f, after = search.filters, search.after
    where = conditions(f, now)
    if search.sort is Sort.NEWEST:
        query = select(*SUMMARY_COLUMNS, literal_column("NULL::float8").label("rank")).where(*where)
        if after is not None:
            query = query.where(
                tuple_(pp.c.published_at, pp.c.id) < tuple_(after.published_at, after.posting_id)
            )
        return query.order_by(pp.c.published_at.desc(), pp.c.id.desc()).limit(search.limit)
    assert f.q is not None  # relevance needs a text; the handler made sure
    tsquery = text_query(f.q, f.language)
    window = (
        select(pp.c.id, pp.c.published_at, pp.c.search)
        .where(*where, pp.c.published_at <= search.window_end)
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
            < tuple_(after.rank, after.published_at, after.posting_id)
        )
    ranked = (
        page.order_by(rank.desc(), window.c.published_at.desc(), window.c.id.desc())
        .limit(search.limit)
        .cte("ranked")
    )
    return (
        select(*SUMMARY_COLUMNS, ranked.c.rank)
        .join_from(ranked, pp, pp.c.id == ranked.c.id)
        .order_by(ranked.c.rank.desc(), ranked.c.published_at.desc(), ranked.c.id.desc())
    )


def facet_statement(group: str, filters: PostingFilters, now: datetime) -> Select[Any]:
    """One facet group's counts under every filter but its own."""
    return (
        _facet_query(group, conditions(filters, now, leave_out=group))
        .order_by(literal_column("count").desc(), literal_column("value"))
        .limit(FACET_SIZE)
    )


def counted_facet_sql(group: str, language: bool) -> str:
    """One facet group read from public_posting_counts: the answer when the only filter
    is the language (a board's landing page), with no scan of the postings."""
    counted = live_counts(group, language=language and group != "language")
    if group == "company":
        return f"""
            SELECT pc.slug AS value, c.postings AS count, pc.name AS label
            FROM ({counted}) c JOIN public_companies pc ON pc.id::text = c.value
            ORDER BY c.postings DESC, pc.slug LIMIT {FACET_SIZE}"""
    return f"""
        SELECT value, postings AS count FROM ({counted}) c
        ORDER BY postings DESC, value LIMIT {FACET_SIZE}"""


COUNTED_FACETS = {
    (group, language): text(counted_facet_sql(group, language))
    for group in FACET_GROUPS
    for language in (False, True)
}
NO_FILTERS = PostingFilters()


def counted(filters: PostingFilters) -> bool:
    """Whether every facet group can be read from the counts: no filter but the language."""
    return replace(filters, language=None) == NO_FILTERS


class PostgresPublicPostingReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def search(self, search: PostingSearch, now: datetime) -> list[RankedSummary]:
        async with self._engine.connect() as connection:
            rows = (await connection.execute(search_statement(search, now))).all()
        return [RankedSummary(_summary(row), row.rank) for row in rows]

    async def facets(
        self, filters: PostingFilters, groups: tuple[str, ...], now: datetime
    ) -> dict[str, tuple[FacetCount, ...]]:
        found: dict[str, tuple[FacetCount, ...]] = {}
        from_counts = counted(filters)
        language = filters.language is not None
        params = {"now": now, "language": filters.language}
        async with self._engine.connect() as connection:
            for group in groups:
                statement = (
                    COUNTED_FACETS[group, language]
                    if from_counts
                    else facet_statement(group, filters, now)
                )
                rows = (await connection.execute(statement, params)).all()
                found[group] = tuple(
                    FacetCount(row.value, row._mapping["count"], row._mapping.get("label"))
                    for row in rows
                )
        return found

    async def detail(self, posting_id: UUID, now: datetime) -> PostingDetail | None:
        query = (
            select(pp, pc.c.website.label("company_website"))
            .join_from(pp, pc, pc.c.id == pp.c.company_id, isouter=True)
            .where(pp.c.id == posting_id, pp.c.valid_through > now)
        )
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return _detail(row) if row else None
