"""`jobboard serve --workers 2` with NATS configured: one relay process beside the workers
publishes every event once; the workers run none, and it stops cleanly with them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from adapters.container import Container
from e2e_support import eventually
from nats_support import (
    StreamPlace,
    a_unique_place,
    delete_stream,
    shared_nats_answers,
    stream_messages,
)
from operability_support import Server, server_environment

pytestmark = pytest.mark.skipif(not shared_nats_answers(), reason="no NATS on 127.0.0.1:4222")


@pytest.fixture
async def place() -> AsyncIterator[StreamPlace]:
    place = a_unique_place()
    yield place
    await delete_stream(place)


async def _outbox_ids(board: Container) -> list[str]:
    async with board.engine().connect() as connection:
        rows = await connection.execute(
            text("SELECT aggregate_id || ':' || aggregate_version FROM outbox ORDER BY id")
        )
        return list(rows.scalars())


async def test_serve_with_workers_runs_one_relay_process_that_publishes_every_event_once(
    board: Container,
    database_url: str,
    servers: list[Server],
    tmp_path: Path,
    place: StreamPlace,
) -> None:
    env = server_environment(
        database_url,
        JOBBOARD_NATS_URL=place.url,
        JOBBOARD_NATS_STREAM=place.stream,
        JOBBOARD_NATS_SUBJECT_PREFIX=place.prefix,
        JOBBOARD_RELAY_POLL_SECONDS="0.2",
    )
    server = Server(["--workers", "2"], env, tmp_path / "serve.log")
    servers.append(server)
    await server.ready(within=120)

    async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
        for n in range(3):
            signed_up = await client.post(
                "/v1/companies", json={"name": f"Relay Worker {n}", "country": "GB"}
            )
            assert signed_up.status_code == 201, signed_up.text
    outbox = await _outbox_ids(board)

    async def published() -> list[str | None]:
        return [m.msg_id for m in await stream_messages(place)]

    assert await eventually(published, lambda ids: len(ids) >= len(outbox), 60) == outbox

    server.terminate()
    assert await asyncio.to_thread(server.process.wait, 60) == 0
    records = server.records()
    [serving] = [r for r in records if r.get("event", "").startswith("serving with 2 API workers")]
    assert serving["relay"] not in serving["workers"]
    started = [r for r in records if r.get("event") == "relay started"]
    assert [(r["pid"], r["role"]) for r in started] == [(serving["relay"], "process")]
    assert any(r.get("event") == "relay stopped" for r in records)
