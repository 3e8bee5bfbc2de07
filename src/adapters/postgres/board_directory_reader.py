"""Reads the directory questions from the read models (Core statements, no ORM)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Select, Text, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.availability import translate_outages
from adapters.postgres.public_counts import live_counts
from adapters.postgres.tables import public_companies as pc
from adapters.postgres.tables import public_requirements as pr
from application.queries.board_directory import (
    CountryCount,
    LanguageCount,
    PublicCompanyView,
    RequirementCount,
)


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%"


COUNTRIES = live_counts("country", language=False)
COUNTRIES_IN_LANGUAGE = live_counts("country", language=True)
LANGUAGES = live_counts("language", language=False)
OPEN_POSTINGS = live_counts("company", language=False, value=True)
REQUIREMENTS = live_counts("requirement", language=False)


@translate_outages
class PostgresBoardDirectoryReader:
    """Answers from public_posting_counts (see public_counts): a lookup, never a scan."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def company(self, slug: str, now: datetime) -> PublicCompanyView | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(select(pc).where(pc.c.slug == slug))).first()
            if row is None:
                return None
            open_postings = (
                await connection.execute(text(OPEN_POSTINGS), {"now": now, "value": str(row.id)})
            ).first()
        return PublicCompanyView(
            row.name,
            row.slug,
            row.website,
            row.description,
            row.country,
            open_postings.postings if open_postings else 0,
        )

    async def countries(self, language: str | None, now: datetime) -> list[CountryCount]:
        # A posting counts once per country it is in or open to (remote).
        sql = COUNTRIES if language is None else COUNTRIES_IN_LANGUAGE
        async with self._engine.connect() as connection:
            rows = await connection.execute(
                text(f"{sql} ORDER BY postings DESC, value"), {"now": now, "language": language}
            )
            return [CountryCount(row.value, row.postings) for row in rows]

    async def languages(self, now: datetime) -> list[LanguageCount]:
        async with self._engine.connect() as connection:
            rows = await connection.execute(
                text(f"{LANGUAGES} ORDER BY postings DESC, value"), {"now": now}
            )
            return [LanguageCount(row.value, row.postings) for row in rows]

    async def requirements(
        self, prefix: str | None, kind: str | None, limit: int, now: datetime
    ) -> list[RequirementCount]:
        async with self._engine.connect() as connection:
            rows = await connection.execute(
                requirements_statement(prefix, kind, limit), {"now": now}
            )
            return [RequirementCount(row.id, row.name, row.kind, row.postings) for row in rows]


def requirements_statement(prefix: str | None, kind: str | None, limit: int) -> Select[Any]:
    """Catalogue entries (by a term's prefix, by kind) with their public counts at :now.
    An employer's proposal (a pending entry) is public only once a public posting asks for
    it: a name typed in a draft, by any company, does not reach the catalogue's readers."""
    counts = text(REQUIREMENTS).columns(value=Text, postings=Integer).subquery("counts")
    postings = func.coalesce(counts.c.postings, 0).label("postings")
    query = (
        select(pr.c.id, pr.c.name, pr.c.kind, postings)
        .join_from(pr, counts, counts.c.value == pr.c.name, isouter=True)
        .where(or_(pr.c.status != "pending", counts.c.postings > 0))
    )
    if prefix:
        term = func.unnest(pr.c.terms).table_valued("term").render_derived()
        query = query.where(
            select(term.c.term).where(term.c.term.like(_like_prefix(prefix), escape="\\")).exists()
        )
    if kind:
        query = query.where(pr.c.kind == kind)
    return query.order_by(postings.desc(), pr.c.name).limit(limit)
