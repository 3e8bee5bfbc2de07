"""What the PostgreSQL unit of work writes: a posting's requirement rows only when they
changed, and the events with the projector's wake-up call."""

from __future__ import annotations

from collections.abc import Callable

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.availability import database_unavailable
from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.projector import OUTBOX_CHANNEL
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from builders import (
    a_company_profile,
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


KILL_ON_UPDATE = """
CREATE FUNCTION test_kill_own_backend() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.description = 'Never saved' THEN PERFORM pg_terminate_backend(pg_backend_pid());
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER test_kill_own_backend BEFORE UPDATE ON companies
    FOR EACH ROW EXECUTE FUNCTION test_kill_own_backend();
"""
UNDO_KILL_ON_UPDATE = (
    "DROP TRIGGER IF EXISTS test_kill_own_backend ON companies;"
    " DROP FUNCTION IF EXISTS test_kill_own_backend();"
)


async def test_a_connection_lost_inside_the_transaction_fails_it_as_unavailable(
    postgres_uow: Callable[[], PostgresUnitOfWork], database_url: str
) -> None:
    """The server drops the connection in the middle of the writes: the caller hears of
    the lost connection (a 503), not of rolling back on it, and nothing is written."""
    company = a_verified_company(keep_events=True)
    async with postgres_uow() as uow:
        uow.companies.add(company)
        await uow.commit()
    admin = await asyncpg.connect(asyncpg_dsn(database_url))
    await admin.execute(KILL_ON_UPDATE)
    try:
        async with postgres_uow() as uow:
            loaded = await uow.companies.get(company.id)
            loaded.update_profile(a_company_profile(description="Never saved"), later(minutes=1))
            with pytest.raises(DBAPIError) as failed:
                await uow.commit()
    finally:
        await admin.execute(UNDO_KILL_ON_UPDATE)
        await admin.close()

    assert database_unavailable(failed.value), repr(failed.value)
    async with postgres_uow() as uow:  # the pool goes on with a new connection
        assert (await uow.companies.get(company.id)).profile == company.profile
