"""Percolation's reads on PostgreSQL: a public posting's facts, the alerts sharing its anchor
keys (GIN on alerts.anchor_keys), and the search's own verdicts (its tsquery, its clauses)
for one posting. Also the signing key of the alerts' links."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Text, bindparam, cast, exists, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.alert_repository import saved_search_from_json
from adapters.postgres.database import connection_factory
from adapters.postgres.search_filters_sql import SEARCH_LANGUAGES, conditions, text_query
from adapters.postgres.tables import public_postings as pp
from application.alerts.matching import Candidate, PostingFacts
from application.alerts.saved_filters import search_filters
from application.queries.public_postings import PostingFilters

_FACTS = select(
    pp.c.id,
    pp.c.countries,
    pp.c.remote_countries,
    pp.c.cities,
    pp.c.language,
    pp.c.workplace,
    pp.c.employment_type,
    pp.c.seniority,
    pp.c.company_slug,
    pp.c.requirement_names,
    pp.c.salary_currency,
    pp.c.annual_salary_max,
    pp.c.published_at,
    pp.c.valid_through,
    func.tsvector_to_array(pp.c.search),
    pp.c.visa_sponsorship,
    pp.c.relocation_support,
    pp.c.spoken_languages,
).where(pp.c.id == bindparam("id"))

# Each filter the statement below checks, as its clause in search_filters_sql does, on
# the alert's saved filters (``f``: name -> the values as strings). A filter the search
# gains and this does not know leaves the verdict to the search's own SQL (the probe).
SQL_CHECKS = {
    "q": "(a.text_query IS NULL OR p.search @@ CAST(a.text_query AS tsquery))",
    "countries": "(f->'countries') ?| CAST(p.countries || p.remote_countries AS text[])",
    "city": "p.cities @> ARRAY[f->'city'->>0]",
    "language": "p.language = f->'language'->>0",
    "workplaces": "(f->'workplaces') ? p.workplace",
    "employment_types": "(f->'employment_types') ? p.employment_type",
    "seniority": "p.seniority = f->'seniority'->>0",
    "company": "p.company_slug = f->'company'->>0",
    "requirements": (
        "p.requirement_names @> ARRAY(SELECT jsonb_array_elements_text(f->'requirements'))"
    ),
    "salary_min": "true",  # with currency, always (validated), checked as one below
    "currency": (
        "(p.salary_currency = f->'currency'->>0"
        " AND p.annual_salary_max >= CAST(f->'salary_min'->>0 AS numeric))"
    ),
    "posted_within_days": (
        "p.published_at >= CAST(:now AS timestamptz)"
        " - make_interval(days => CAST(f->'posted_within_days'->>0 AS int))"
    ),
    "visa_sponsorship": "p.visa_sponsorship = f->'visa_sponsorship'->>0",
    "relocation_support": "p.relocation_support = f->'relocation_support'->>0",
    "working_language": ("p.spoken_languages @> ARRAY[CAST(f->'working_language'->>0 AS varchar)]"),
}
KNOWN = sorted(SQL_CHECKS)
_VERDICT = " AND ".join(
    f"(NOT f ? '{name}' OR {check})" if name != "q" else check for name, check in SQL_CHECKS.items()
)
# The candidates, each verified exactly in the statement that finds them: the posting
# read once, each alert's filters checked in the database (its q by its stored tsquery).
_SHARING = text(
    "SELECT a.id, CASE WHEN u.unknown THEN a.filters END,"
    f" coalesce(p.valid_through > CAST(:now AS timestamptz) AND {_VERDICT}, false)"
    " AS verified, u.unknown"
    " FROM public_postings p, alerts a, LATERAL (SELECT a.filters AS f) AS x,"
    " LATERAL (SELECT EXISTS (SELECT 1 FROM jsonb_object_keys(x.f) AS k"
    " WHERE k <> ALL(CAST(:known AS text[]))) AS unknown) AS u"
    " WHERE p.id = :posting AND a.status = 'confirmed'"
    " AND a.anchor_keys && CAST(:keys AS text[])"
)

# Each candidate's q as the search reads it (with its language filter, or in every common
# language), against the posting's vector: one statement for all of a posting's candidates.
_TEXT_MATCHES = text(
    "SELECT c.id FROM unnest(CAST(:ids AS uuid[]), CAST(:qs AS text[]), CAST(:langs AS text[]))"
    " AS c(id, q, lang), public_postings p"
    " WHERE p.id = :posting AND p.search @@ jobboard_search_query(c.q, CASE"
    " WHEN c.lang IS NULL THEN ARRAY["
    + ", ".join(f"'{c}'" for c in ("simple", *SEARCH_LANGUAGES))
    + "]::regconfig[]"
    " ELSE ARRAY[jobboard_ts_config(c.lang)] END)"
)

# Drawn by migration 0015; drawn here too for a schema made from the tables (tests).
_KEY = text(
    "WITH drawn AS (INSERT INTO alert_signing_key (id, key) VALUES (1,"
    " replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))"
    " ON CONFLICT (id) DO NOTHING RETURNING key)"
    " SELECT key FROM drawn UNION ALL SELECT key FROM alert_signing_key WHERE id = 1"
)


class PostgresPercolation:
    """PostingFactsReader, AlertCandidates, SearchProbe and QueryReader in one."""

    def __init__(self, engine: AsyncEngine) -> None:
        # Reads outside a transaction: no BEGIN before, no ROLLBACK after (one round trip).
        self._connect = connection_factory(engine)

    async def facts(self, posting_id: UUID) -> PostingFacts | None:
        async with self._connect() as connection:
            row = (await connection.execute(_FACTS, {"id": posting_id})).first()
        if row is None:
            return None
        return PostingFacts(
            row[0],
            tuple(row[1]),
            tuple(row[2]),
            tuple(row[3]),
            row[4],
            row[5],
            row[6],
            row[7],
            row[8],
            tuple(row[9]),
            row[10],
            row[11],
            row[12],
            row[13],
            tuple(row[14]),
            row[15],
            row[16],
            tuple(row[17]),
        )

    async def sharing(
        self, posting_id: UUID, keys: Sequence[str], now: datetime
    ) -> list[Candidate]:
        values = {"posting": posting_id, "keys": list(keys), "now": now, "known": KNOWN}
        async with self._connect() as connection:
            rows = (await connection.execute(_SHARING, values)).all()
        return [
            Candidate(r[0], search_filters(saved_search_from_json(r[1])))
            if r[3]  # a filter the statement does not know: the search decides
            else Candidate(r[0], None, verified=r[2])
            for r in rows
        ]

    async def text_matches(
        self, posting_id: UUID, texts: Sequence[tuple[UUID, str, str | None]]
    ) -> set[UUID]:
        async with self._connect() as connection:
            rows = await connection.execute(
                _TEXT_MATCHES,
                {
                    "posting": posting_id,
                    "ids": [t[0] for t in texts],
                    "qs": [t[1] for t in texts],
                    "langs": [t[2] for t in texts],
                },
            )
            return {r[0] for r in rows}

    async def matches(self, posting_id: UUID, filters: PostingFilters, now: datetime) -> bool:
        statement = select(
            exists().where(pp.c.id == bindparam("posting_id"), *conditions(filters, now))
        )
        async with self._connect() as connection:
            found = (await connection.execute(statement, {"posting_id": posting_id})).scalar()
        return bool(found)

    async def tsquery(self, q: str, language: str | None) -> str:
        language_value: Any = bindparam("language", language) if language else None
        statement = select(cast(text_query(bindparam("q", q), language_value), Text))
        async with self._connect() as connection:
            return str((await connection.execute(statement)).scalar_one())


class PostgresAlertSigningKey:
    """The key migration 0015 drew, read once per process."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._key: bytes | None = None

    async def key(self) -> bytes:
        if self._key is None:
            async with self._engine.begin() as connection:
                self._key = str((await connection.execute(_KEY)).scalars().first()).encode()
        return self._key
