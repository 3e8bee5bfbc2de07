"""What the PostgreSQL unit of work writes: a posting's requirement rows only when they
changed, and the events with the projector's wake-up call."""

from __future__ import annotations

from collections.abc import Callable

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.projector import OUTBOX_CHANNEL
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from builders import (
    a_draft_posting,
    a_posting_requirement,
    a_requirement,
    a_verified_company,
    later,
    posting_details,
)
from e2e_support import eventually


async def _requirement_rows(engine: AsyncEngine) -> list[tuple[str, str]]:
    """Each requirement row's physical place and requirement: a rewrite moves them."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT ctid::text, requirement_id::text FROM posting_requirements ORDER BY 2")
        )
        return [(r[0], r[1]) for r in rows]


async def test_a_publish_leaves_the_requirement_rows_alone_and_a_revision_rewrites_them(
    postgres_uow: Callable[[], PostgresUnitOfWork], clean_database: AsyncEngine
) -> None:
    company = a_verified_company(keep_events=True)
    python, kafka = (a_requirement(name=n, keep_events=True) for n in ("Python", "Kafka"))
    details = posting_details(requirements=[a_posting_requirement(requirement_id=python.id)])
    posting = a_draft_posting(company=company, details=details, keep_events=True)
    async with postgres_uow() as uow:
        for requirement in (python, kafka):
            uow.requirements.add(requirement)
        uow.companies.add(company)
        uow.postings.add(posting)
        await uow.commit()
    drafted = await _requirement_rows(clean_database)

    async with postgres_uow() as uow:
        loaded = await uow.postings.get(posting.id)
        loaded.publish(await uow.companies.get(company.id), later(minutes=1), None)
        await uow.commit()
    assert await _requirement_rows(clean_database) == drafted  # not deleted and inserted again

    revised = posting_details(requirements=[a_posting_requirement(requirement_id=kafka.id)])
    async with postgres_uow() as uow:
        loaded = await uow.postings.get(posting.id)
        loaded.revise(revised, later(minutes=2))
        await uow.commit()
    assert [r[1] for r in await _requirement_rows(clean_database)] == [str(kafka.id)]


async def test_a_commit_with_events_notifies_the_projector_and_one_without_does_not(
    postgres_uow: Callable[[], PostgresUnitOfWork], database_url: str
) -> None:
    heard: list[str] = []
    listener = await asyncpg.connect(asyncpg_dsn(database_url))
    await listener.add_listener(OUTBOX_CHANNEL, lambda *args: heard.append(args[3]))

    async def marker() -> None:
        """A notification of our own: the listener hears them in commit order, so one the
        unit of work sent before it is heard before it."""
        await listener.execute(f"NOTIFY {OUTBOX_CHANNEL}, 'marker'")
        await eventually(lambda: _now(heard), lambda got: got[-1:] == ["marker"])
        heard.remove("marker")

    try:
        company = a_verified_company(keep_events=True)
        async with postgres_uow() as uow:
            uow.companies.add(company)
            await uow.commit()
        await marker()
        assert heard == [""]

        async with postgres_uow() as uow:
            await uow.companies.get(company.id)
            await uow.commit()  # nothing changed: no events, no wake-up call
        await marker()
        assert heard == [""]
    finally:
        await listener.close()


async def _now(heard: list[str]) -> list[str]:
    return list(heard)
