"""Whether the database answers, asked on a connection of its own.

Readiness asks "can this process serve?", not "is a pooled connection free right
now?": under a burst of searches every pooled connection is busy for a moment,
and a probe that queued for one would answer 503 and get a healthy node pulled
from its load balancer. So the probe keeps one connection outside the pools
(opened on first use, opened again after a failure).
"""

from __future__ import annotations

import asyncio
import logging

import asyncpg

log = logging.getLogger(__name__)


class DatabaseProbe:
    def __init__(self, dsn: str, timeout: float = 1.0) -> None:
        self._dsn, self._timeout = dsn, timeout
        self._connection: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()

    async def answers(self) -> bool:
        """True when the database answers ``SELECT 1`` within the timeout."""
        async with self._lock:
            try:
                async with asyncio.timeout(self._timeout):
                    if self._connection is None or self._connection.is_closed():
                        self._connection = await asyncpg.connect(self._dsn)
                    await self._connection.fetchval("SELECT 1")
            except Exception as error:  # any failure to reach the database means "no"
                log.warning("the database does not answer: %r", error)
                await self._drop()
                return False
            return True

    async def close(self) -> None:
        async with self._lock:
            await self._drop()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            connection.terminate()
