"""The relay killed mid-batch: the restarted relay resends the batch and JetStream's
de-duplication keeps each event in the stream exactly once.

A standalone relay (``jobboard relay``, a process of its own) is stopped at the worst
moment deterministically: the test holds a row lock on the last outbox row, so the relay
has published the whole batch, had it acknowledged, and waits to mark it relayed. Then it
is killed with SIGKILL, and started again.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from board_story import published_posting, verified_company
from e2e_support import eventually
from figures import FIGURES
from nats_support import NATS_SERVER, PrivateNatsServer, StreamPlace, private_nats, stream_messages

pytestmark = pytest.mark.skipif(not NATS_SERVER.exists(), reason="no /usr/sbin/nats-server")

JOBBOARD = Path(sys.executable).parent / "jobboard"
BLOCKED_MARKING = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND wait_event_type = 'Lock'
  AND query LIKE 'UPDATE outbox SET relayed_at%'
"""
MARKING = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND query LIKE 'UPDATE outbox SET relayed_at%'
  AND state <> 'idle' AND pid <> pg_backend_pid()
"""
UNRELAYED = "SELECT count(*) FROM outbox WHERE relayed_at IS NULL"


@pytest.fixture
async def broker() -> AsyncIterator[PrivateNatsServer]:
    async with private_nats() as server:
        yield server


async def _scalar(engine: AsyncEngine, sql: str) -> int:
    async with engine.connect() as connection:
        value: int = await connection.scalar(text(sql))
        return value


async def _outbox_ids(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT aggregate_id || ':' || aggregate_version FROM outbox ORDER BY id")
        )
        return list(rows.scalars())


async def test_a_relay_killed_after_publishing_resends_and_the_stream_keeps_one_copy(
    database_url: str, clean_database: AsyncEngine, broker: PrivateNatsServer
) -> None:
    engine = clean_database
    place = StreamPlace(broker.url, "JOBBOARD_KILL", "killtest")
    board = Container(settings=Settings(database_url=database_url), database_url=database_url)
    try:
        app = board.application()
        company = await verified_company(app, "Killed Relay Ltd")
        for n in range(3):
            await published_posting(app, company, f"Posting {n}")
    finally:
        await release(board)
    outbox = await _outbox_ids(engine)
    last = await _scalar(engine, "SELECT max(id) FROM outbox")

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOBBOARD_NATS_URL": place.url,
        "JOBBOARD_NATS_STREAM": place.stream,
        "JOBBOARD_NATS_SUBJECT_PREFIX": place.prefix,
        "JOBBOARD_RELAY_POLL_SECONDS": "0.2",
    }
    async with engine.connect() as locker:
        await locker.begin()
        await locker.execute(text("SELECT id FROM outbox WHERE id = :id FOR UPDATE"), {"id": last})
        relay = await asyncio.create_subprocess_exec(str(JOBBOARD), "relay", env=env)
        try:
            await eventually(lambda: _scalar(engine, BLOCKED_MARKING), lambda n: n == 1, 60)
        finally:
            relay.kill()  # SIGKILL: no cleanup of any kind runs
            await relay.wait()
        await locker.rollback()
    await eventually(lambda: _scalar(engine, MARKING), lambda n: n == 0, 30)

    # JetStream stored the whole batch; the killed relay marked none of it.
    assert [m.msg_id for m in await stream_messages(place)] == outbox
    assert await _scalar(engine, UNRELAYED) == len(outbox)

    relay = await asyncio.create_subprocess_exec(str(JOBBOARD), "relay", env=env)
    try:
        await eventually(lambda: _scalar(engine, UNRELAYED), lambda n: n == 0, 60)
    finally:
        relay.send_signal(signal.SIGTERM)
        code = await relay.wait()
    assert code == 0

    stored = await stream_messages(place)
    assert [m.msg_id for m in stored] == outbox  # each once: the resend was de-duplicated
    FIGURES["relay killed mid-batch"] = (
        f"{len(outbox)} events published, 0 marked by the killed relay; resent on restart, "
        f"{len(stored)} in the stream"
    )
