"""SIGTERM to a real `jobboard serve`: it stops accepting, lets the request in flight finish,
and exits 0 within the grace period."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.database import asyncpg_dsn
from e2e_support import eventually
from operability_support import Server, server_environment

GRACE_SECONDS = 15

BLOCKED_ON_THE_LOCK = """
    SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'
      AND query ILIKE '%public_postings%'
"""


async def _accepts_connections(url: str) -> bool:
    """Whether a new request is answered at all. A connection the kernel queued just before
    the server closed its socket is dropped unanswered (a read error, or the peer closing
    before the status line): that is a refusal too, not a request served."""
    try:
        async with httpx.AsyncClient() as probe:
            await probe.get(f"{url}/ready")
    except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError):
        return False
    return True


async def test_sigterm_during_a_slow_request_lets_it_finish_and_exits_0(
    database_url: str, clean_database: AsyncEngine, servers: list[Server], tmp_path: Path
) -> None:
    env = server_environment(database_url, JOBBOARD_SHUTDOWN_GRACE_SECONDS=str(GRACE_SECONDS))
    server = Server([], env, tmp_path / "serve.log")
    servers.append(server)
    await server.ready()

    # The test holds the read model's table: a real GET /v1/postings blocks on it.
    holder = await asyncpg.connect(asyncpg_dsn(database_url))
    # A connection of its own: inside a transaction, pg_stat_activity is a frozen snapshot.
    watcher = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        hold = holder.transaction()
        await hold.start()
        await holder.execute("LOCK TABLE public_postings IN ACCESS EXCLUSIVE MODE")
        async with httpx.AsyncClient(timeout=60) as client:
            slow = asyncio.create_task(
                client.get(f"{server.url}/v1/postings", headers={"X-Request-ID": "slow-one"})
            )
            await eventually(
                lambda: watcher.fetchval(BLOCKED_ON_THE_LOCK), lambda n: n >= 1, within=30
            )

            server.terminate()

            async def accepting() -> bool:
                return await _accepts_connections(server.url)

            await eventually(accepting, lambda accepts: not accepts, within=30)
            assert not slow.done()
            assert server.process.poll() is None  # still draining

            await hold.rollback()
            response = await slow
    finally:
        await holder.close()
        await watcher.close()

    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "slow-one"
    assert await asyncio.to_thread(server.process.wait, GRACE_SECONDS) == 0
    [line] = [r for r in server.records() if r.get("request_id") == "slow-one"]
    assert line["event"] == "request"
    assert line["route"] == "/v1/postings"
    assert line["status"] == 200
