"""Reads one company's public postings in full, from the public read models."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.availability import translate_outages
from adapters.postgres.public_posting_reader import posting_detail
from adapters.postgres.tables import public_companies as pc
from adapters.postgres.tables import public_postings as pp
from application.queries.company_board import BoardPosting, CompanyBoard
from application.views import CompanyRef


@translate_outages
class PostgresCompanyBoardReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def board(self, slug: str, limit: int, now: datetime) -> CompanyBoard | None:
        async with self._engine.connect() as connection:
            company = (
                await connection.execute(select(pc.c.id, pc.c.name).where(pc.c.slug == slug))
            ).first()
            if company is None:
                return None
            rows = (
                await connection.execute(
                    select(pp, pc.c.website.label("company_website"))
                    .join_from(pp, pc, pc.c.id == pp.c.company_id)
                    .where(pp.c.company_id == company.id, pp.c.valid_through > now)
                    .order_by(pp.c.published_at.desc(), pp.c.id.desc())
                    .limit(limit)
                )
            ).all()
        postings = tuple(BoardPosting(posting_detail(r), r.projected_at) for r in rows)
        return CompanyBoard(CompanyRef(company.name, slug), postings)
