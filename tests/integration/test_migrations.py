"""Alembic migrations: they go up and down cleanly, and the schema they build is the one
the code's table definitions describe."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.migrate import downgrade, upgrade
from adapters.postgres.tables import metadata
from scratch_databases import scratch_database


@pytest.fixture
async def empty_database(server_url: str) -> AsyncIterator[str]:
    async with scratch_database(server_url, "migrations") as url:
        yield url


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
