"""Reads the public postings a sitemap lists: ids and when each last changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.availability import translate_outages
from adapters.postgres.tables import public_postings as pp
from application.queries.public_sitemap import SitemapEntry


@translate_outages
class PostgresSitemapReader:
    """A posting's last change is when its read-model row was last written (published,
    revised, or rebuilt): what a crawler needs to know to fetch the page again."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def count(self, now: datetime) -> int:
        statement = select(func.count()).select_from(pp).where(pp.c.valid_through > now)
        async with self._engine.connect() as connection:
            return int((await connection.execute(statement)).scalar_one())

    async def page(self, offset: int, limit: int, now: datetime) -> list[SitemapEntry]:
        statement = (
            select(pp.c.id, pp.c.projected_at)
            .where(pp.c.valid_through > now)
            .order_by(pp.c.id)
            .offset(offset)
            .limit(limit)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        return [SitemapEntry(row.id, row.projected_at) for row in rows]
