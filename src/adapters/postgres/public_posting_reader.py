"""Reads the public posting read model with SQLAlchemy Core; returns frozen views."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import CompoundSelect, Select, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.availability import translate_outages
from adapters.postgres.compiled_search import compiled_search
from adapters.postgres.facet_cache import FacetCache
from adapters.postgres.facet_statements import (
    FACET_STATE,
    counted,
    counted_facets,
    facet_statement,
    shared_facets_statement,
    without_own_filter,
)
from adapters.postgres.facet_tally import Counts, Facets, Tally, top
from adapters.postgres.read_pool import ReadPool
from adapters.postgres.tables import public_companies as pc
from adapters.postgres.tables import public_postings as pp
from application.errors import Overloaded
from application.queries.public_postings import (
    FacetCount,
    ListedPosting,
    PostingFilters,
    PostingSearch,
)
from application.views import (
    CompanyRef,
    LocationView,
    PostingDetail,
    RequirementView,
    SalaryView,
    ScreeningQuestionView,
    WorkingLanguageView,
)


def _salary(row: Any) -> SalaryView | None:
    if row["salary_min"] is None:
        return None
    return SalaryView(
        row["salary_min"], row["salary_max"], row["salary_currency"], row["salary_period"]
    )


def _locations(row: Any) -> tuple[LocationView, ...]:
    return tuple(LocationView(loc["country"], loc.get("city")) for loc in row["locations"])


def posting_detail(found: Any) -> PostingDetail:
    """A public posting row (with its company_website) as the detail view."""
    row = found._mapping
    return PostingDetail(
        id=row["id"],
        title=row["title"],
        company=CompanyRef(row["company_name"], row["company_slug"]),
        language=row["language"],
        locations=_locations(row),
        remote_countries=tuple(row["remote_countries"]),
        workplace=row["workplace"],
        employment_type=row["employment_type"],
        seniority=row["seniority"],
        salary=_salary(row),
        description=row["description"],
        responsibilities=tuple(row["responsibilities"]),
        benefits=tuple(row["benefits"]),
        requirements=tuple(
            RequirementView(r["name"], r["kind"], r["importance"], r["min_years"], r["detail"])
            for r in row["requirements"]
        ),
        published_at=row["published_at"],
        valid_through=row["valid_through"],
        company_website=row["company_website"],
        application_method=row["application_method"],
        visa_sponsorship=row["visa_sponsorship"],
        relocation_support=row["relocation_support"],
        working_languages=tuple(
            WorkingLanguageView(w["language"], w["level"]) for w in row["working_languages"]
        ),
        benefits_description=row["benefits_description"],
        apply_by=row["apply_by"],
        screening_questions=tuple(
            ScreeningQuestionView(q["id"], q["text"], q["kind"], q["required"], tuple(q["choices"]))
            for q in row["screening_questions"]
        ),
    )


@translate_outages
class PostgresPublicPostingReader:
    """Searches run on the read pool (the hot path: one round trip, a statement compiled
    once per shape); facets and details go through the engine."""

    def __init__(self, engine: AsyncEngine, pool: ReadPool, counts_at_once: int = 2) -> None:
        self._engine, self._pool = engine, pool
        self.facet_cache = FacetCache()
        self._counting: dict[object, asyncio.Future[None]] = {}
        # Counting the facets of a search's matches reads every match: a few at once keep
        # both cores busy, more only queue, and the queue slowed every other request.
        self._counts = asyncio.Semaphore(counts_at_once)

    async def search(self, search: PostingSearch, now: datetime) -> list[ListedPosting]:
        compiled, values = compiled_search(search, now)
        rows = await self._pool.fetch(compiled.sql, compiled.arguments(values))
        # The row's columns are ListedPosting's fields, in order (LISTED_COLUMNS, then rank).
        return list(map(ListedPosting._make, rows))

    async def facets(
        self, filters: PostingFilters, groups: tuple[str, ...], now: datetime
    ) -> dict[str, tuple[FacetCount, ...]]:
        if filters.posted_within_days:  # a "posted within" window moves with the clock
            return top(await self._count_facets(filters, groups, now))
        state = (await self._pool.fetch(FACET_STATE, [now]))[0]
        return await self._kept_facets(filters, groups, now, state[0], state[1])

    async def search_with_facets(
        self, search: PostingSearch, groups: tuple[str, ...], now: datetime
    ) -> tuple[list[ListedPosting], dict[str, tuple[FacetCount, ...]]]:
        # The page's rows carry FACET_STATE, read in the same snapshot: a kept answer then
        # costs no round trip of its own (under load, that round trip cost the faceted
        # page a third of its throughput).
        filters = search.filters
        if filters.posted_within_days:
            return await self.search(search, now), await self.facets(filters, groups, now)
        compiled, values = compiled_search(search, now, facet_state=True)
        rows = await self._pool.fetch(compiled.sql, compiled.arguments(values))
        if not rows:
            return [], await self.facets(filters, groups, now)
        page = [ListedPosting._make(row[:4]) for row in rows]
        facets = await self._kept_facets(filters, groups, now, rows[0][4], rows[0][5])
        return page, facets

    async def _kept_facets(
        self,
        filters: PostingFilters,
        groups: tuple[str, ...],
        now: datetime,
        generation: int | None,
        next_lapse: datetime | None,
    ) -> Facets:
        key = (filters, groups)
        while True:
            entry = self.facet_cache.get(key, generation)
            if entry is not None and now < entry.since:
                # Counted at a later clock than this request's (by a request that read its
                # clock after this one, under load): add back what lapsed in between. To
                # count again instead took a second at a million postings, and under load
                # it happened at nearly every lapse (P3's p99 went from 55 ms to 680 ms).
                back = await self._count_facets(filters, groups, entry.since, lapsed_since=now)
                self.facet_cache.backdated += 1
                return entry.tally.moved(back, +1).answer()
            if entry is not None and (entry.until is None or now < entry.until):
                self.facet_cache.hits += 1
                return entry.answer
            # The same filters asked again while they are being counted (a landing page
            # under load) wait for that count and look again, rather than count too.
            counting = self._counting.get(key)
            if counting is None:
                break
            await asyncio.shield(counting)
        self._counting[key] = done = asyncio.get_running_loop().create_future()
        try:
            if entry is not None:
                lapsed = await self._count_facets(filters, groups, now, lapsed_since=entry.since)
                tally = entry.tally.moved(lapsed, -1)
                self.facet_cache.corrections += 1
            elif counted(filters, groups):
                tally = Tally.of(await self._read_counts(filters.language, groups, now))
            else:
                tally = Tally.of(await self._count_facets(filters, groups, now))
            answer = tally.answer()
            self.facet_cache.put(key, generation, now, next_lapse, tally, answer)
        finally:
            del self._counting[key]
            done.set_result(None)
        return answer

    async def _read_counts(
        self, language: str | None, groups: tuple[str, ...], now: datetime
    ) -> Counts:
        """Every group's counts from public_posting_counts, in one statement."""
        counts: Counts = {group: {} for group in groups}
        statement = counted_facets(groups, language is not None)
        async with self._engine.connect() as connection:
            rows = await connection.execute(statement, {"now": now, "language": language})
            for facet, value, count, label in rows:
                counts[facet][value] = (count, label)
        return counts

    async def _count_facets(
        self,
        filters: PostingFilters,
        groups: tuple[str, ...],
        now: datetime,
        lapsed_since: datetime | None = None,
    ) -> Counts:
        if lapsed_since is not None:  # a correction reads only what lapsed: cheap
            return await self._counted(filters, groups, now, lapsed_since)
        if self._counts.locked():
            raise Overloaded(
                "the board is counting as many facets as it can; retry shortly, or ask "
                "without facets"
            )
        async with self._counts:
            return await self._counted(filters, groups, now, None)

    async def _counted(
        self,
        filters: PostingFilters,
        groups: tuple[str, ...],
        now: datetime,
        lapsed_since: datetime | None,
    ) -> Counts:
        counts: Counts = {group: {} for group in groups}
        # A group whose own filter is set is counted under the others, on its own; the
        # rest share one reading of the matches.
        own = [g for g in groups if without_own_filter(filters, g) != filters]
        shared = tuple(g for g in groups if g not in own)
        statements: list[Select[Any] | CompoundSelect[Any]] = [
            facet_statement(group, filters, now, lapsed_since) for group in own
        ]
        if shared:
            statements.append(shared_facets_statement(shared, filters, now, lapsed_since))
        async with self._engine.connect() as connection:
            for statement in statements:
                for facet, value, count, label in await connection.execute(statement):
                    counts[facet][value] = (count, label)
        return counts

    async def detail(self, posting_id: UUID, now: datetime) -> PostingDetail | None:
        query = (
            select(pp, pc.c.website.label("company_website"))
            .join_from(pp, pc, pc.c.id == pp.c.company_id, isouter=True)
            .where(pp.c.id == posting_id, pp.c.valid_through > now)
        )
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return posting_detail(row) if row else None
