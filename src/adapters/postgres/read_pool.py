"""The query side's own asyncpg pool: one round trip per read.

A read through an SQLAlchemy connection costs a pre-ping, a BEGIN and a
ROLLBACK around the statement; a hot read needs none of them (a single
statement sees one snapshot anyway). This pool hands the statement straight
to the driver, which keeps it prepared per connection, and decodes JSON
columns with orjson. It opens on first use, inside the running event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import asyncpg
import orjson


def _json_text(value: Any) -> str:
    return orjson.dumps(value).decode()


async def _prepare(connection: asyncpg.Connection) -> None:
    for name in ("json", "jsonb"):
        await connection.set_type_codec(
            name, schema="pg_catalog", encoder=_json_text, decoder=orjson.loads
        )


# A search's best plan depends on its values: a common word is best found by walking the
# newest postings, a rare one through the text index. asyncpg prepares each statement,
# and after five runs PostgreSQL may settle on one generic plan for every value (seen:
# "team" 90 ms generic, 2.6 ms planned for its value, at 100k postings). Plan each run.
# And never compile one: a ranked search for a word in a few percent of a million
# postings can be estimated past the JIT threshold, and compiling a ranked statement
# took 11-12 ms here (EXPLAIN ANALYZE at 1M), on top of a search of 15-40 ms.
SERVER_SETTINGS = {"plan_cache_mode": "force_custom_plan", "jit": "off"}


async def _keep(connection: asyncpg.Connection) -> None:
    """Nothing to reset on release: a read leaves no session state behind (no locks, cursors,
    LISTEN or SET), so the reset query asyncpg would send is a round trip for nothing."""


class ReadPool:
    def __init__(
        self,
        dsn: str,
        max_size: int = 10,
        connect_timeout: float = 5.0,
        command_timeout: float | None = 30.0,
        acquire_timeout: float = 30.0,
        server_settings: dict[str, str] | None = None,
    ) -> None:
        """Every wait is bounded, as the engine's are: opening a connection, each statement,
        and waiting for a free connection; a database that is gone becomes an error (a 503)."""
        self._dsn, self._max_size = dsn, max_size
        self._connect_timeout, self._command_timeout = connect_timeout, command_timeout
        self._acquire_timeout = acquire_timeout
        self._server_settings = {**SERVER_SETTINGS, **(server_settings or {})}
        self._pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()

    async def _open(self) -> asyncpg.Pool:
        async with self._opening:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    self._dsn,
                    min_size=1,
                    max_size=self._max_size,
                    init=_prepare,
                    reset=_keep,
                    server_settings=self._server_settings,
                    timeout=self._connect_timeout,
                    command_timeout=self._command_timeout,
                )
            return self._pool

    async def fetch(self, sql: str, args: Sequence[Any]) -> list[asyncpg.Record]:
        pool = self._pool or await self._open()
        if pool.get_idle_size():
            connection = await pool.acquire()  # an open connection is free: no wait to bound
        else:
            # The wait is bounded by a deadline on this task: asyncpg's own
            # acquire(timeout=...) would run it in a task of its own.
            async with asyncio.timeout(self._acquire_timeout):
                connection = await pool.acquire()
        try:
            rows: list[asyncpg.Record] = await connection.fetch(sql, *args)
        except asyncpg.exceptions.InternalClientError:
            # The connection's protocol was left in the middle of an operation (one cut off
            # by a restart): never hand it out again. The read fails as unavailable.
            connection.terminate()
            raise
        finally:
            await pool.release(connection)
        return rows

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()
