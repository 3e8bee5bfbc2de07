"""A NATS outage: the relay's backlog grows in the outbox while the broker is away and
drains when it returns, with no event lost and none stored twice.

The broker is a private nats-server this test starts, stops and restarts (on the same
port and store), so the shared server other runs use is never touched."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.settings import Settings
from board_story import published_posting, verified_company
from e2e_support import eventually
from figures import FIGURES
from nats_support import NATS_SERVER, PrivateNatsServer, StreamPlace, private_nats, stream_messages

pytestmark = pytest.mark.skipif(not NATS_SERVER.exists(), reason="no /usr/sbin/nats-server")


@pytest.fixture
async def broker() -> AsyncIterator[PrivateNatsServer]:
    async with private_nats() as server:
        yield server


async def _outbox_ids(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT aggregate_id || ':' || aggregate_version FROM outbox ORDER BY id")
        )
        return list(rows.scalars())


def _gauge(exposition: str, name: str) -> float | None:
    found = re.search(rf"^{name} (\S+)$", exposition, re.MULTILINE)
    return float(found.group(1)) if found else None


async def test_an_outage_backs_up_in_the_outbox_and_drains_when_nats_returns(
    database_url: str, clean_database: AsyncEngine, broker: PrivateNatsServer
) -> None:
    place = StreamPlace(broker.url, "JOBBOARD", "jobboard")
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        nats_url=broker.url,
        relay_poll_seconds=0.2,
        nats_ack_timeout_seconds=1.0,
    )
    board = Container(settings=settings, database_url=database_url)
    app = board.application()
    stop = asyncio.Event()
    relay = asyncio.create_task(board.relay().run(stop))
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=cast(Any, create_app(board))),
        base_url="http://jobboard.test",
    )

    async def backlog() -> float | None:
        return _gauge((await client.get("/metrics")).text, "jobboard_relay_backlog")

    try:
        company = await verified_company(app, "Outage Ltd")
        await published_posting(app, company, "Before the outage")
        before = len(await _outbox_ids(clean_database))
        await eventually(lambda: stream_messages(place), lambda found: len(found) == before, 30)
        assert await backlog() == 0
        metrics = (await client.get("/metrics")).text
        failures_before = _gauge(metrics, "jobboard_relay_errors_total") or 0

        await broker.stop()
        for n in range(3):
            await published_posting(app, company, f"During the outage {n}")
        written = len(await _outbox_ids(clean_database))
        # Nothing can be acknowledged: every new event waits in the outbox, batch after batch.
        await eventually(
            lambda: client.get("/metrics"),
            lambda r: (_gauge(r.text, "jobboard_relay_errors_total") or 0) >= failures_before + 2,
            30,
        )
        assert await backlog() == written - before
        assert await board.relay().backlog() == written - before

        await broker.start()
        await eventually(board.relay().backlog, lambda n: n == 0, 60)
    finally:
        stop.set()
        await relay
        await client.aclose()
        await release(board)

    stored = await stream_messages(place)
    outbox = await _outbox_ids(clean_database)
    assert sorted(m.msg_id or "" for m in stored) == sorted(outbox)  # none lost, none twice
    assert [m.msg_id for m in stored] == outbox  # and in the outbox's order
    FIGURES["relay across a NATS outage"] = (
        f"{written - before} events backed up while NATS was down; all {len(outbox)} in the "
        "stream once after it returned"
    )
