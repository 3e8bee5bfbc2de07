"""Reads the public posting read model with SQLAlchemy Core; returns frozen views."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import Select, and_, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.tables import public_postings as pp
from application.queries.public_postings import NewestCursor, PostingFilters
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
    )


SUMMARY_COLUMNS = [c for c in pp.c if c.name not in ("description", "responsibilities", "benefits")]


class PostgresPublicPostingReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def newest(
        self, filters: PostingFilters, now: datetime, after: NewestCursor | None, limit: int
    ) -> list[PostingSummary]:
        query = self._filtered(select(*SUMMARY_COLUMNS), filters, now)
        if after is not None:
            query = query.where(
                tuple_(pp.c.published_at, pp.c.id) < tuple_(after.published_at, after.posting_id)
            )
        query = query.order_by(pp.c.published_at.desc(), pp.c.id.desc()).limit(limit)
        async with self._engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return [_summary(row) for row in rows]

    async def detail(self, posting_id: UUID, now: datetime) -> PostingDetail | None:
        query = select(pp).where(pp.c.id == posting_id, pp.c.valid_through > now)
        async with self._engine.connect() as connection:
            row = (await connection.execute(query)).first()
        return _detail(row) if row else None

    @staticmethod
    def _filtered(query: Select[Any], f: PostingFilters, now: datetime) -> Select[Any]:
        conditions: list[Any] = [pp.c.valid_through > now]
        if f.countries:
            # A remote posting open to a country counts as being in it.
            conditions.append(
                or_(
                    pp.c.countries.overlap(list(f.countries)),
                    pp.c.remote_countries.overlap(list(f.countries)),
                )
            )
        if f.city:
            conditions.append(pp.c.cities.any_() == f.city)  # exact, case as published
        if f.language:
            conditions.append(pp.c.language == f.language)
        if f.workplaces:
            conditions.append(pp.c.workplace.in_(f.workplaces))
        if f.employment_types:
            conditions.append(pp.c.employment_type.in_(f.employment_types))
        if f.seniority:
            conditions.append(pp.c.seniority == f.seniority)
        if f.company:
            conditions.append(pp.c.company_slug == f.company)
        if f.requirements:
            conditions.append(pp.c.requirement_names.contains(list(f.requirements)))
        if f.posted_within_days:
            conditions.append(pp.c.published_at >= now - timedelta(days=f.posted_within_days))
        return query.where(and_(*conditions))
