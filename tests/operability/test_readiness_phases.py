"""/ready reports not-ready while the schema is migrated and once shutdown begins; the
projector stops after the batch it is applying."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import asyncpg
import httpx
from sqlalchemy import text

from adapters.container import Container
from adapters.http.app import create_app
from adapters.lifecycle import announce_shutdown
from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.migrate import MIGRATION_LOCK
from adapters.postgres.projector import Projector, StoredEvent
from board_story import verified_company
from e2e_support import eventually
from operability_support import over_http


async def test_ready_is_503_while_the_schema_is_being_migrated(
    board: Container, database_url: str
) -> None:
    # Another process holds the migration lock: this app must wait for it, not-ready.
    other = await asyncpg.connect(asyncpg_dsn(database_url))
    await other.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    app = create_app(board, migrate_on_start=True)
    try:
        async with app.lifespan(), over_http(app) as client:
            waiting = await client.get("/ready")
            assert waiting.status_code == 503
            assert waiting.json()["detail"] == "the database schema is being migrated"
            assert (await client.get("/health")).status_code == 200

            await other.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)

            async def ready() -> httpx.Response:
                return await client.get("/ready")

            done = await eventually(ready, lambda r: r.status_code == 200, within=30)
            assert done.json() == {"status": "ready"}
    finally:
        await other.close()


async def test_ready_is_503_once_shutdown_is_announced(board: Container) -> None:
    app = create_app(board)
    async with app.lifespan(), over_http(app) as client:
        assert (await client.get("/ready")).status_code == 200

        announce_shutdown()  # what the server does on SIGTERM

        stopping = await client.get("/ready")
        assert stopping.status_code == 503
        assert stopping.json()["detail"] == "the service is shutting down"
        assert (await client.get("/v1/postings")).status_code == 200  # in-flight work goes on


class StopAfterFirstBatch:
    def __init__(self, stop: asyncio.Event) -> None:
        self.stop = stop
        self.batches: list[tuple[int, int]] = []

    def projected(self, first_id: int, last_id: int, lags: Sequence[float]) -> None:
        self.batches.append((first_id, last_id))
        self.stop.set()  # as SIGTERM would, while the projector is busy

    def failed(self) -> None:
        raise AssertionError("no batch should fail")


class Noop:
    name = "noop"

    def statements(self, events: Sequence[StoredEvent]) -> list[str]:
        return []


async def test_a_stopped_projector_finishes_its_batch_and_takes_no_other(
    board: Container,
) -> None:
    for n in range(3):
        await verified_company(board.application(), f"Company {n}")
    waiting = await _unprojected(board)
    assert waiting > 2
    stop = asyncio.Event()
    observer = StopAfterFirstBatch(stop)
    projector = Projector(board.engine(), [Noop()], batch_size=2, observer=observer)

    applied = await projector.drain(stop)

    assert applied == 2
    assert len(observer.batches) == 1
    assert await _unprojected(board) == waiting - 2


async def _unprojected(board: Container) -> int:
    async with board.engine().connect() as connection:
        count = await connection.scalar(
            text("SELECT count(*) FROM outbox WHERE projected_at IS NULL")
        )
        return int(count or 0)
