"""The audit log in PostgreSQL: an entry commits with its unit of work or not at all, and
no role can change or remove one (UPDATE, DELETE and TRUNCATE all fail)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from application.audit import Actor, AggregateRef, AuditEntry
from builders import NOW, a_verified_company, later
from domain.errors import ConcurrentModification

SHELL = Actor.cli("deploy")

# Each way of changing or removing what the log holds, and the statement that tries it.
TAMPERING = {
    "UPDATE": "UPDATE audit_log SET reason = 'nothing to see'",
    "DELETE": "DELETE FROM audit_log",
    "TRUNCATE": "TRUNCATE audit_log",
}


async def _entries(engine: AsyncEngine) -> list[tuple[str, str | None]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT act, reason FROM audit_log ORDER BY seq"))
        return [(r[0], r[1]) for r in rows]


async def test_an_entry_is_written_with_the_change_it_records(
    postgres_uow: Callable[[], PostgresUnitOfWork], clean_database: AsyncEngine
) -> None:
    company = a_verified_company()
    async with postgres_uow() as uow:
        uow.companies.add(company)
        await uow.commit()

    async with postgres_uow() as uow:
        loaded = await uow.companies.get(company.id)
        loaded.suspend("fake offers", later(minutes=1))
        uow.audit.record(
            AuditEntry(
                SHELL, "suspend_company", NOW, AggregateRef("company", company.id), "fake offers"
            )
        )
        await uow.commit()

    assert await _entries(clean_database) == [("suspend_company", "fake offers")]


async def test_an_entry_of_a_unit_of_work_that_does_not_commit_is_never_written(
    postgres_uow: Callable[[], PostgresUnitOfWork], clean_database: AsyncEngine
) -> None:
    async with postgres_uow() as uow:
        uow.audit.record(AuditEntry(SHELL, "expire_postings", NOW, details={"expired": 3}))

    assert await _entries(clean_database) == []


async def test_an_entry_whose_change_fails_to_commit_is_not_written(
    postgres_uow: Callable[[], PostgresUnitOfWork], clean_database: AsyncEngine
) -> None:
    company = a_verified_company()
    async with postgres_uow() as uow:
        uow.companies.add(company)
        await uow.commit()

    async with postgres_uow() as first, postgres_uow() as second:
        mine, theirs = await first.companies.get(company.id), await second.companies.get(company.id)
        theirs.suspend("first", later(minutes=1))
        await second.commit()
        mine.suspend("second", later(minutes=2))
        first.audit.record(
            AuditEntry(SHELL, "suspend_company", NOW, AggregateRef("company", company.id), "2nd")
        )
        with pytest.raises(ConcurrentModification):
            await first.commit()

    assert await _entries(clean_database) == []


@pytest.fixture
async def one_entry(clean_database: AsyncEngine) -> AsyncEngine:
    async with clean_database.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO audit_log (recorded_at, actor_kind, actor_id, act, details)"
                " VALUES (now(), 'cli', 'deploy', 'expire_postings', '{\"expired\": 1}')"
            )
        )
    return clean_database


async def _refused(dsn: str, statement: str) -> asyncpg.PostgresError:
    connection = await asyncpg.connect(dsn)
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError) as refused:
            await connection.execute(statement)
        return refused.value
    finally:
        await connection.close()


@pytest.mark.parametrize("statement", TAMPERING.values(), ids=TAMPERING.keys())
async def test_the_applications_role_cannot_change_or_remove_an_entry(
    database_url: str, one_entry: AsyncEngine, statement: str
) -> None:
    # The application connects as DATABASE_URL's role (in these tests a superuser, which
    # no privilege binds: the trigger alone holds it).
    refused = await _refused(asyncpg_dsn(database_url), statement)

    assert "append-only" in str(refused)
    assert await _entries(one_entry) == [("expire_postings", None)]


@pytest.fixture
async def generous_role(database_url: str, one_entry: AsyncEngine) -> AsyncIterator[str]:
    """A login role a careless grant gave every privilege on every table, audit_log's
    included: the DSN to connect as it."""
    role = f"jobboard_app_{uuid.uuid4().hex[:8]}"
    async with one_entry.begin() as connection:
        await connection.execute(text(f"CREATE ROLE {role} LOGIN"))
        await connection.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {role}"))
    try:
        yield asyncpg_dsn(
            make_url(database_url).set(username=role).render_as_string(hide_password=False)
        )
    finally:
        async with one_entry.begin() as connection:
            await connection.execute(text(f"DROP OWNED BY {role}"))
            await connection.execute(text(f"DROP ROLE {role}"))


@pytest.mark.parametrize("statement", TAMPERING.values(), ids=TAMPERING.keys())
async def test_a_role_granted_every_privilege_still_cannot_change_or_remove_an_entry(
    generous_role: str, one_entry: AsyncEngine, statement: str
) -> None:
    refused = await _refused(generous_role, statement)

    assert "append-only" in str(refused)
    assert await _entries(one_entry) == [("expire_postings", None)]


async def test_a_role_granted_every_privilege_may_still_append(
    generous_role: str, one_entry: AsyncEngine
) -> None:
    connection = await asyncpg.connect(generous_role)
    try:
        await connection.execute(
            "INSERT INTO audit_log (recorded_at, actor_kind, actor_id, act, details)"
            " VALUES (now(), 'cli', 'deploy', 'rebuild_read_models', '{}')"
        )
    finally:
        await connection.close()

    assert await _entries(one_entry) == [("expire_postings", None), ("rebuild_read_models", None)]


async def test_the_migration_leaves_no_role_the_privilege_to_change_the_log(
    one_entry: AsyncEngine,
) -> None:
    # Privileges granted on the table by the migration: none of UPDATE, DELETE, TRUNCATE
    # (an owner's implicit ones are revoked too), so a non-superuser owner is refused
    # before the trigger is reached.
    async with one_entry.connect() as connection:
        granted = await connection.execute(
            text(
                "SELECT privilege_type FROM information_schema.role_table_grants"
                " WHERE table_name = 'audit_log'"
            )
        )
        privileges = {row[0] for row in granted}

    assert privileges.isdisjoint({"UPDATE", "DELETE", "TRUNCATE"})
    assert {"INSERT", "SELECT"} <= privileges
