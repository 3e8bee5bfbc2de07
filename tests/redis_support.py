"""The machine's Redis (127.0.0.1:6379, or TEST_REDIS_URL) for tests of what counts in it.

Each test gets a key prefix of its own, so parallel runs never share a counter, and its keys
are deleted afterwards. Without a Redis the tests are skipped with a message, except in CI
(CI=true), where Redis is part of the machine and its absence is an error.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import coredis
import pytest

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@dataclass(frozen=True)
class ScratchRedis:
    url: str
    prefix: str  # JOBBOARD_RATE_LIMIT_KEY_PREFIX for the boards of one test

    async def keys(self) -> list[str]:
        client = coredis.Redis.from_url(self.url, decode_responses=True)
        try:
            return [key async for key in client.scan_iter(match=f"*{self.prefix}*")]
        finally:
            client.connection_pool.disconnect()


async def _reachable(url: str) -> str | None:
    client = coredis.Redis.from_url(url, connect_timeout=1, stream_timeout=1)
    try:
        await client.ping()
        return None
    except Exception as error:
        return f"{type(error).__name__}: {error}"
    finally:
        client.connection_pool.disconnect()


@contextlib.asynccontextmanager
async def scratch_redis_or_skip() -> AsyncIterator[ScratchRedis]:
    """A fresh key prefix on the machine's Redis, its keys deleted at the end."""
    if (problem := await _reachable(REDIS_URL)) is not None:
        message = f"no Redis at {REDIS_URL} ({problem}); set TEST_REDIS_URL to run these tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    scratch = ScratchRedis(REDIS_URL, f"jobboard-test-{uuid.uuid4().hex}")
    try:
        yield scratch
    finally:
        if keys := await scratch.keys():
            client = coredis.Redis.from_url(REDIS_URL)
            try:
                await client.delete(tuple(keys))
            finally:
                client.connection_pool.disconnect()


@pytest.fixture
async def scratch_redis() -> AsyncIterator[ScratchRedis]:
    async with scratch_redis_or_skip() as scratch:
        yield scratch
