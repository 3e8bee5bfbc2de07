"""Alembic migrations: they go up and down cleanly, and the schema they build is the one
the code's table definitions describe."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.migrate import downgrade, upgrade
from adapters.postgres.tables import metadata


@pytest.fixture
async def empty_database(server_url: str) -> AsyncIterator[str]:
    name = f"jobboard_migrations_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(asyncpg_dsn(server_url))
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        admin = await asyncpg.connect(asyncpg_dsn(server_url))
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def _tables(url: str) -> set[str]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
    return {row["tablename"] for row in rows} - {"alembic_version"}


async def test_migrations_go_up_down_and_up_again(empty_database: str) -> None:
    await asyncio.to_thread(upgrade, empty_database)
    assert await _tables(empty_database) == set(metadata.tables)

    await asyncio.to_thread(downgrade, empty_database, "base")
    assert await _tables(empty_database) == set()

    await asyncio.to_thread(upgrade, empty_database)
    assert await _tables(empty_database) == set(metadata.tables)


async def test_the_migrated_schema_matches_the_table_definitions(database_url: str) -> None:
    engine = create_async_engine(database_url, poolclass=NullPool)

    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    try:
        async with engine.connect() as connection:
            found = await connection.run_sync(differences)
    finally:
        await engine.dispose()
    assert found == []
