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

from adapters.container import Container, release
from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.migrate import downgrade, upgrade
from adapters.postgres.tables import metadata
from adapters.settings import Settings
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import RequirementInput
from application.commands.posting_lifecycle import PublishPosting
from board_story import fields, verified_company
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


async def _search_vectors(url: str) -> list[str]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await connection.fetch("SELECT search::text FROM public_postings ORDER BY title")
    finally:
        await connection.close()
    return [row["search"] for row in rows]


async def test_the_stored_search_vectors_are_respelled_up_and_down(empty_database: str) -> None:
    """0006 spells C++, C# (...) as words on both sides of a search: the vectors stored
    before it are recomputed on the way up, as the projection computes them now, and
    recomputed as they were on the way down."""
    await asyncio.to_thread(upgrade, empty_database)
    board = Container(
        settings=Settings(database_url=empty_database, run_projector=False),
        database_url=empty_database,
    )
    try:
        app = board.application()
        company = await verified_company(app)
        for title, skill, description in (
            ("C++ Engineer", "C#", "On .NET."),
            ("Python Engineer", "Python", "On Linux."),
        ):
            requirements = (RequirementInput(skill),)
            posting = await app.commands.draft_posting(
                DraftPosting(
                    company, fields(title, description=description, requirements=requirements)
                )
            )
            await app.commands.publish_posting(PublishPosting(company, posting))
        await board.projector().drain()
    finally:
        await release(board)
    projected = await _search_vectors(empty_database)
    assert "'cplusplus':1A" in projected[0] and "'csharp':3B" in projected[0]
    assert "'dotnet':7" in projected[0]

    await asyncio.to_thread(downgrade, empty_database, "0005")
    before = await _search_vectors(empty_database)
    assert "'c':1A,3B" in before[0] and "cplusplus" not in before[0]
    assert before[1] == projected[1]  # nothing to respell

    await asyncio.to_thread(upgrade, empty_database)
    assert await _search_vectors(empty_database) == projected
