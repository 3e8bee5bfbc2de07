"""The conventional stack: Litestar, an SQLAlchemy AsyncSession per request, pydantic models.

What most teams would ship for ``GET /v1/postings``: typed query parameters,
the query run through a session, each row validated into a pydantic model and
the page serialised from the models. It runs jobboard's own statement
(search_statement), selecting the summary's fields as columns (a conventional
app builds its models from them, where jobboard joins the summaries its read
model keeps encoded), so only the stack around the SQL differs. Serve it with
``granian --interface asgi --factory bench.conventional_app:app`` and
BENCH_DATABASE_URL set.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from litestar import Litestar, get
from litestar.params import Parameter
from pydantic import BaseModel, BeforeValidator
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from adapters.postgres.database import async_url
from adapters.postgres.search_statement import SUMMARY_COLUMNS, search_statement
from application.queries.public_postings import PostingFilters, PostingSearch, SearchCursor, Sort
from bench.statements import default_sort


def _amount(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


Amount = Annotated[int | float, BeforeValidator(_amount)]


class CompanyOut(BaseModel):
    name: str
    slug: str


class LocationOut(BaseModel):
    country: str
    city: str | None = None


class SalaryOut(BaseModel):
    min: Amount
    max: Amount
    currency: str
    period: str


class PostingOut(BaseModel):
    id: UUID
    title: str
    company: CompanyOut
    language: str
    locations: list[LocationOut]
    workplace: str
    employment_type: str
    seniority: str | None
    salary: SalaryOut | None
    requirements: list[str]
    published_at: datetime
    valid_through: datetime


class PageOut(BaseModel):
    items: list[PostingOut]
    next_cursor: str | None


def _posting(row: Any) -> PostingOut:
    return PostingOut(
        id=row.id,
        title=row.title,
        company=CompanyOut(name=row.company_name, slug=row.company_slug),
        language=row.language,
        locations=[LocationOut.model_validate(loc) for loc in row.locations],
        workplace=row.workplace,
        employment_type=row.employment_type,
        seniority=row.seniority,
        salary=SalaryOut(
            min=row.salary_min,
            max=row.salary_max,
            currency=row.salary_currency,
            period=row.salary_period,
        )
        if row.salary_min is not None
        else None,
        requirements=[r["name"] for r in row.requirements],
        published_at=row.published_at,
        valid_through=row.valid_through,
    )


def app() -> Litestar:
    """The factory granian calls."""
    pool_size = int(os.environ.get("BENCH_POOL_SIZE", "10"))
    engine = create_async_engine(
        async_url(os.environ["BENCH_DATABASE_URL"]), pool_size=pool_size, max_overflow=0
    )
    sessions = async_sessionmaker(engine, expire_on_commit=False)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await engine.dispose()

    @get("/v1/postings")
    async def list_postings(
        q: str | None = None,
        country: list[str] | None = None,
        city: str | None = None,
        language: str | None = None,
        workplace: list[str] | None = None,
        employment_type: list[str] | None = None,
        seniority: str | None = None,
        company: str | None = None,
        requirement: list[str] | None = None,
        salary_min: Decimal | None = None,
        currency: str | None = None,
        posted_within_days: int | None = None,
        sort: str | None = None,
        limit: Annotated[int, Parameter(ge=1, le=100)] = 20,
        cursor: str | None = None,
    ) -> PageOut:
        filters = PostingFilters(
            q=q,
            countries=tuple(country or ()),
            city=city,
            language=language,
            workplaces=tuple(workplace or ()),
            employment_types=tuple(employment_type or ()),
            seniority=seniority,
            company=company,
            requirements=tuple(requirement or ()),
            salary_min=salary_min,
            currency=currency,
            posted_within_days=posted_within_days,
        )
        chosen = default_sort(sort, filters)
        after = SearchCursor.decode(cursor) if cursor else None
        now = datetime.now(UTC)
        window_end = after.window_end if after and after.window_end else now
        search = PostingSearch(filters, chosen, limit + 1, after, window_end)
        session: AsyncSession
        async with sessions() as session:
            statement = search_statement(search, now, SUMMARY_COLUMNS)
            rows = (await session.execute(statement)).all()
        page = [_posting(row) for row in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            relevance = chosen is Sort.RELEVANCE
            next_cursor = SearchCursor(
                chosen,
                last.published_at,
                last.id,
                last.rank if relevance else None,
                window_end if relevance else None,
            ).encode()
        return PageOut(items=page, next_cursor=next_cursor)

    @get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return Litestar(route_handlers=[list_postings, health], lifespan=[lifespan], debug=False)
