"""The read pool's waits are bounded: a read that finds every connection busy gives up
after the acquire timeout (the app answers 503) instead of queueing without end."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from adapters.postgres.availability import database_unavailable
from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.read_pool import ReadPool


async def test_a_read_waiting_for_a_busy_pool_gives_up_at_the_acquire_timeout(
    database_url: str,
) -> None:
    pool = ReadPool(asyncpg_dsn(database_url), max_size=1, acquire_timeout=0.2)
    try:
        assert await pool.fetch("SELECT 1 AS one", []) != []  # the connection is open, idle
        holding = asyncio.create_task(
            pool.fetch("SELECT pg_sleep(30) FROM (SELECT 1) s WHERE $1", [True])
        )
        await asyncio.sleep(0)  # one turn of the loop: it takes the idle connection at once
        with pytest.raises(TimeoutError):
            await pool.fetch("SELECT 2 AS two", [])
        assert not holding.done()
        holding.cancel()
        with pytest.raises(asyncio.CancelledError):
            await holding
    finally:
        await pool.close()


def test_a_connection_left_mid_operation_counts_as_the_database_being_unavailable() -> None:
    """After a restart asyncpg can find a connection whose protocol an interrupted
    operation left mid-way; the read answers 503 like any lost connection, not 500."""
    error = asyncpg.exceptions.InternalClientError(
        "cannot switch to state 12; another operation (2) is in progress"
    )
    assert database_unavailable(error)
    assert not database_unavailable(ValueError("a bug is a bug"))
