"""Two server processes counting in one Redis take from one budget: a limit is the board's,
not each process's (with counters in memory, two processes would allow twice as much)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from adapters.container import Container
from operability_support import Server, server_environment
from redis_support import ScratchRedis

SIGNUPS_PER_ADDRESS = 3


async def test_two_server_processes_share_one_rate_limit_budget_in_redis(
    board: Container,
    database_url: str,
    servers: list[Server],
    scratch_redis: ScratchRedis,
    tmp_path: Path,
) -> None:
    env = server_environment(
        database_url,
        JOBBOARD_REDIS_URL=scratch_redis.url,
        JOBBOARD_RATE_LIMIT_KEY_PREFIX=scratch_redis.prefix,
        JOBBOARD_RATE_LIMIT_SIGNUPS_PER_ADDRESS=str(SIGNUPS_PER_ADDRESS),
    )
    first = Server([], env, tmp_path / "first.log")
    second = Server(["--no-projector"], env, tmp_path / "second.log")
    servers.extend([first, second])
    await asyncio.gather(first.ready(within=120), second.ready(within=120))

    statuses: list[tuple[str, int]] = []
    async with httpx.AsyncClient(timeout=30) as client:
        for n in range(2 * SIGNUPS_PER_ADDRESS):
            server = (first, second)[n % 2]
            answer = await client.post(
                f"{server.url}/v1/companies", json={"name": f"Shared {n}", "country": "GB"}
            )
            statuses.append((server.log_path.stem, answer.status_code))

    assert [status for _, status in statuses] == [201] * SIGNUPS_PER_ADDRESS + [429] * (
        SIGNUPS_PER_ADDRESS
    )
    assert {name for name, status in statuses if status == 201} == {"first", "second"}
    assert {name for name, status in statuses if status == 429} == {"first", "second"}
