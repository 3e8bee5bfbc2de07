"""Reads the directory questions from the read models (Core statements, no ORM)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Text, func, literal_column, select
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.tables import public_companies as pc
from adapters.postgres.tables import public_postings as pp
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


class PostgresBoardDirectoryReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def company(self, slug: str, now: datetime) -> PublicCompanyView | None:
        open_postings = (
            select(func.count())
            .where(pp.c.company_id == pc.c.id, pp.c.valid_through > now)
            .scalar_subquery()
        )
        query = select(pc, open_postings.label("open_postings")).where(pc.c.slug == slug)
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        if row is None:
            return None
        return PublicCompanyView(
            row.name, row.slug, row.website, row.description, row.country, row.open_postings
        )

    async def countries(self, language: str | None, now: datetime) -> list[CountryCount]:
        # A posting counts once per country it is in or open to (remote).
        places = (
            select(func.unnest(pp.c.countries.op("||")(pp.c.remote_countries)).label("country"))
            .distinct()
            .correlate(pp)
            .lateral("places")
        )
        count = func.count().label("postings")
        query = (
            select(places.c.country, count)
            .select_from(pp)
            .join(places, literal_column("true"))
            .where(pp.c.valid_through > now)
            .group_by(places.c.country)
            .order_by(count.desc(), places.c.country)
        )
        if language is not None:
            query = query.where(pp.c.language == language)
        async with self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [CountryCount(row.country, row.postings) for row in rows]

    async def languages(self, now: datetime) -> list[LanguageCount]:
        count = func.count().label("postings")
        query = (
            select(pp.c.language, count)
            .where(pp.c.valid_through > now)
            .group_by(pp.c.language)
            .order_by(count.desc(), pp.c.language)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [LanguageCount(row.language, row.postings) for row in rows]

    async def requirements(
        self, prefix: str | None, kind: str | None, limit: int, now: datetime
    ) -> list[RequirementCount]:
        postings = (
            select(func.count())
            .where(
                pp.c.requirement_names.contains(array([pr.c.name.cast(Text)])),
                pp.c.valid_through > now,
            )
            .scalar_subquery()
            .label("postings")
        )
        query = select(pr.c.id, pr.c.name, pr.c.kind, postings)
        if prefix:
            term = func.unnest(pr.c.terms).table_valued("term").render_derived()
            query = query.where(
                select(term.c.term)
                .where(term.c.term.like(_like_prefix(prefix), escape="\\"))
                .exists()
            )
        if kind:
            query = query.where(pr.c.kind == kind)
        query = query.order_by(literal_column("postings").desc(), pr.c.name).limit(limit)
        async with self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [RequirementCount(row.id, row.name, row.kind, row.postings) for row in rows]
