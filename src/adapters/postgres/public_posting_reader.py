"""Reads the public posting read model with SQLAlchemy Core; returns frozen views."""

from __future__ import annotations

import asyncio
from bisect import bisect_left, insort
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Float,
    FromClause,
    Select,
    String,
    Text,
    TextClause,
    any_,
    bindparam,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.availability import translate_outages
from adapters.postgres.public_counts import live_counts
from adapters.postgres.read_pool import ReadPool
from adapters.postgres.tables import public_companies as pc
from adapters.postgres.tables import public_postings as pp
from adapters.postgres.tables import public_postings_generation as ppg
from application.queries.public_postings import (
    FacetCount,
    ListedPosting,
    PostingFilters,
    PostingSearch,
    SearchCursor,
    Sort,
)
from application.views import (
    CompanyRef,
    LocationView,
    PostingDetail,
    RequirementView,
    SalaryView,
)


def _salary(row: Any) -> SalaryView | None:
    if row["salary_min"] is None:
        return None
    return SalaryView(
        row["salary_min"], row["salary_max"], row["salary_currency"], row["salary_period"]
    )


def _locations(row: Any) -> tuple[LocationView, ...]:
    return tuple(LocationView(loc["country"], loc.get("city")) for loc in row["locations"])


def _detail(found: Any) -> PostingDetail:
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
    )


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

# Without a language filter the text is read in each of these languages (and as
# plain words), since every posting's vector is stemmed in its own language.
SEARCH_LANGUAGES = ("english", "french", "german", "spanish", "italian", "portuguese", "dutch")


SEARCH_CONFIGS: ColumnElement[Any] = literal_column(
    "ARRAY[" + ", ".join(f"'{c}'" for c in ("simple", *SEARCH_LANGUAGES)) + "]::regconfig[]"
)


def text_query(q: Any, language: Any | None) -> ColumnElement[Any]:
    """The tsquery for ``q``: in the posting language asked for, or in every common one.

    Every common one is the OR of the text's readings (websearch_to_tsquery) in each, each
    distinct reading once (jobboard_search_query, migration 0004): the same matches and
    ranks as all eight ORed, which repeat one lexeme up to eight times. The function is
    immutable, so the planner folds it for the bound text and plans with its result."""
    if language is not None:
        return func.websearch_to_tsquery(func.jobboard_ts_config(language), q)
    return func.jobboard_search_query(q, SEARCH_CONFIGS)


# Bound values that are arrays, and their element types.
ARRAYS = {
    "countries": ARRAY(String),
    "cities": ARRAY(Text),
    "workplaces": ARRAY(String),
    "employment_types": ARRAY(String),
    "requirements": ARRAY(Text),
}


def filter_values(
    f: PostingFilters, now: datetime, *, leave_out: str | None = None
) -> dict[str, Any]:
    """The values the filters bind, by name (but those of the facet group ``leave_out``).
    Which names are present decides the statement's shape; see ``conditions``."""
    values: dict[str, Any] = {"now": now}
    if f.q:
        values["q"] = f.q
    if f.countries and leave_out != "country":
        values["countries"] = list(f.countries)
    if f.city:
        values["cities"] = [f.city]
    if f.language and (leave_out != "language" or f.q):
        values["language"] = f.language
    if f.workplaces and leave_out != "workplace":
        values["workplaces"] = list(f.workplaces)
    if f.employment_types and leave_out != "employment_type":
        values["employment_types"] = list(f.employment_types)
    if f.seniority:
        values["seniority"] = f.seniority
    if f.company and leave_out != "company":
        values["company"] = f.company
    if f.requirements and leave_out != "requirement":
        values["requirements"] = list(f.requirements)
    if f.salary_min is not None and f.currency is not None:
        values["currency"] = f.currency
        values["salary_min"] = f.salary_min
    if f.posted_within_days:
        values["posted_since"] = now - timedelta(days=f.posted_within_days)
    return values


def conditions(
    f: PostingFilters,
    now: datetime,
    *,
    leave_out: str | None = None,
    lapsed_since: datetime | None = None,
) -> list[ColumnElement[bool]]:
    """The WHERE clauses for the filters (but the facet group ``leave_out``), every value a
    named bind parameter, so that one compiled statement serves every search of its shape.
    With ``lapsed_since``: not the postings public at ``now`` but those that lapsed since."""
    values = filter_values(f, now, leave_out=leave_out)
    bound = {name: bindparam(name, value, type_=ARRAYS.get(name)) for name, value in values.items()}
    where: list[ColumnElement[bool]] = [pp.c.valid_through > bound["now"]]
    if lapsed_since is not None:
        since = bindparam("lapsed_since", lapsed_since, type_=pp.c.valid_through.type)
        where = [pp.c.valid_through > since, pp.c.valid_through <= bound["now"]]
    if "q" in bound:
        where.append(pp.c.search.op("@@")(text_query(bound["q"], bound.get("language"))))
    if "countries" in bound:
        # A remote posting open to a country counts as being in it.
        where.append(
            or_(
                pp.c.countries.overlap(bound["countries"]),
                pp.c.remote_countries.overlap(bound["countries"]),
            )
        )
    if "cities" in bound:
        where.append(pp.c.cities.contains(bound["cities"]))
    if "language" in bound and leave_out != "language":
        where.append(pp.c.language == bound["language"])
    if "workplaces" in bound:
        where.append(pp.c.workplace == any_(bound["workplaces"]))
    if "employment_types" in bound:
        where.append(pp.c.employment_type == any_(bound["employment_types"]))
    if "seniority" in bound:
        where.append(pp.c.seniority == bound["seniority"])
    if "company" in bound:
        where.append(pp.c.company_slug == bound["company"])
    if "requirements" in bound:
        where.append(pp.c.requirement_names.contains(bound["requirements"]))
    if "currency" in bound:
        where.append(pp.c.salary_currency == bound["currency"])
        where.append(pp.c.annual_salary_max >= bound["salary_min"])
    if "posted_since" in bound:
        where.append(pp.c.published_at >= bound["posted_since"])
    return where


def _group_counts(group: str, rows: FromClause) -> Select[Any]:
    """One facet group's counts over ``rows`` (public_postings, or some of its columns):
    the group's name, each value, its count, and a label (a company's name) or NULL."""
    c = rows.c
    facet = literal(group).label("facet")
    count = func.count().label("count")
    if group in ("country", "requirement"):
        # A remote posting open to a country counts there, as the country filter has it.
        values = (
            c.countries.op("||")(c.remote_countries) if group == "country" else c.requirement_names
        )
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
    column = {"language": c.language, "workplace": c.workplace}.get(group, c.employment_type)
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
]


FACET_SIZE = 50


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


def counted(filters: PostingFilters) -> bool:
    """Whether every facet group can be read from the counts: no filter but the language."""
    return replace(filters, language=None) == NO_FILTERS


# Each facet group's own filter, and that filter when it is not set.
OWN_FILTER: dict[str, tuple[str, Any]] = {
    "country": ("countries", ()),
    "language": ("language", None),
    "workplace": ("workplaces", ()),
    "employment_type": ("employment_types", ()),
    "requirement": ("requirements", ()),
    "company": ("company", None),
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

Facets = dict[str, tuple[FacetCount, ...]]
# Every value a facet group counts, with its count and label (a company's name).
Counts = dict[str, dict[str, tuple[int, str | None]]]


@dataclass(frozen=True, slots=True)
class Tally:
    """Facet counts with each group's values in answer order, (-count, value) ascending.

    A correction moves only the values whose counts changed (a bisect and a list
    insertion each), so a kept answer is corrected in microseconds, not by sorting every
    value again: at a million postings the company group has tens of thousands, and
    sorting them, for each kept answer at every lapse, held the event loop for hundreds
    of milliseconds under P3's load."""

    counts: Counts
    ranked: dict[str, list[tuple[int, str]]]

    @classmethod
    def of(cls, counts: Counts) -> Tally:
        ranked = {
            group: sorted((-count, value) for value, (count, _) in found.items())
            for group, found in counts.items()
        }
        return cls(counts, ranked)

    def answer(self) -> Facets:
        """Per group, the FACET_SIZE values with most postings (ties by value, in code
        point order, as the counts' SQL orders them)."""
        return {
            group: tuple(
                FacetCount(value, -negative, self.counts[group][value][1])
                for negative, value in ranked[:FACET_SIZE]
            )
            for group, ranked in self.ranked.items()
        }

    def moved(self, lapsed: Counts, sign: int) -> Tally:
        """These counts less (``sign`` -1) or plus (+1) the ``lapsed`` postings' counts;
        a value left with none is gone. Groups the lapsed postings leave alone are shared
        with this tally (neither is ever changed in place)."""
        counts, ranked = dict(self.counts), dict(self.ranked)
        for group, changes in lapsed.items():
            if group not in counts or not changes:
                continue
            found, order = dict(counts[group]), list(ranked[group])
            for value, (count, label) in changes.items():
                had, had_label = found.pop(value, (0, label))
                if had:
                    del order[bisect_left(order, (-had, value))]
                left = had + sign * count
                if left > 0:
                    found[value] = (left, had_label if had_label is not None else label)
                    insort(order, (-left, value))
            counts[group], ranked[group] = found, order
        return Tally(counts, ranked)


def top(counts: Counts) -> Facets:
    """The answer the counts give: per group, the FACET_SIZE values with most postings."""
    return Tally.of(counts).answer()


@dataclass(frozen=True, slots=True)
class _Counted:
    generation: int
    since: datetime
    until: datetime | None
    tally: Tally
    answer: Facets


class FacetCache:
    """Facet counts counted over the matches, kept while they can be made exact cheaply.

    An entry serves the same filters and groups while public_postings keeps the
    generation it was counted at, at any clock from the moment it was counted on:
    - before the next lapse of a public posting, as it is (``hits``);
    - after it, less the postings that lapsed in between, counted through the
      valid_through index: a handful of rows, not the matches again (``corrections``);
    - at a clock before its counting (a request that read its clock just before another
      one corrected the entry, under load), plus the postings that lapsed in between,
      the same way (``backdated``); the entry itself stays as it is.
    So it never differs from counting again; it spares a board the scans when the same
    filters come back (the landing pages of a country, a skill or a company do, again
    and again). Per process, least recently used first out."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._entries: OrderedDict[object, _Counted] = OrderedDict()
        self.hits = 0
        self.corrections = 0
        self.backdated = 0

    def get(self, key: object, generation: int | None) -> _Counted | None:
        """The entry that can answer for this generation: as it is, or corrected for the
        postings that lapsed between its counting and the clock asked at (either way)."""
        entry = self._entries.get(key)
        if entry is None or generation is None or entry.generation != generation:
            return None
        self._entries.move_to_end(key)
        return entry

    def put(
        self,
        key: object,
        generation: int | None,
        now: datetime,
        until: datetime | None,
        tally: Tally,
        answer: Facets,
    ) -> None:
        if generation is None:
            return
        self._entries[key] = _Counted(generation, now, until, tally, answer)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)


@translate_outages
class PostgresPublicPostingReader:
    """Searches run on the read pool (the hot path: one round trip, a statement compiled
    once per shape); facets and details go through the engine."""

    def __init__(self, engine: AsyncEngine, pool: ReadPool) -> None:
        self._engine, self._pool = engine, pool
        self.facet_cache = FacetCache()
        self._counting: dict[object, asyncio.Future[None]] = {}

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
            elif counted(filters):
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
        return _detail(row) if row else None
