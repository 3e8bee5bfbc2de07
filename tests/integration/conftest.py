"""Integration fixtures: units of work over PostgreSQL (and, for the contract suite, the fakes)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.postgres.database import connection_factory
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from adapters.settings import Settings
from backends import Backend
from fakes import FakeUnitOfWorkFactory


@pytest.fixture(params=["fake", "postgres"])
def backend(request: pytest.FixtureRequest) -> Backend:
    if request.param == "fake":
        factory = FakeUnitOfWorkFactory()

        async def fake_outbox() -> list[tuple[str, str, int]]:
            return [
                (type(e).__name__, str(e.aggregate_id), e.version) for e in factory.store.outbox
            ]

        return Backend("fake", factory, fake_outbox)

    engine: AsyncEngine = request.getfixturevalue("clean_database")
    connections = connection_factory(engine)

    async def postgres_outbox() -> list[tuple[str, str, int]]:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT event_type, aggregate_id, aggregate_version FROM outbox ORDER BY id")
            )
            return [(t, str(i), v) for t, i, v in rows]

    return Backend("postgres", lambda: PostgresUnitOfWork(connections), postgres_outbox)


@pytest.fixture
def postgres_uow(clean_database: AsyncEngine) -> Callable[[], PostgresUnitOfWork]:
    connections = connection_factory(clean_database)
    return lambda: PostgresUnitOfWork(connections)


@pytest.fixture
async def board(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    """The wired application on the test database, with no projector running on its own."""
    settings = Settings(database_url=database_url, run_projector=False)
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)
