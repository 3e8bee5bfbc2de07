"""Rate limits on writes and sign-ups: per key, per address; 429 says when to come back.

Every behaviour is checked with the counters in memory and in the machine's Redis."""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import AsyncIterator, Callable
from typing import Any, cast

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.settings import Settings
from e2e.board import assert_problem, sign_up
from e2e_support import posting_body
from redis_support import ScratchRedis, scratch_redis_or_skip

Clients = Callable[[str], httpx.AsyncClient]


@pytest.fixture(params=["memory", "redis"])
async def limited(
    request: pytest.FixtureRequest, database_url: str, clean_database: AsyncEngine
) -> AsyncIterator[Clients]:
    """Clients of a board with tight limits, one per client address asked for; the limits
    count in this process's memory or in Redis."""
    async with contextlib.AsyncExitStack() as stack:
        shared: dict[str, Any] = {}
        if request.param == "redis":
            redis = await stack.enter_async_context(scratch_redis_or_skip())
            shared = {"redis_url": redis.url, "rate_limit_key_prefix": redis.prefix}
        yield await stack.enter_async_context(_limited_board(database_url, shared))


@contextlib.asynccontextmanager
async def _limited_board(database_url: str, shared: dict[str, Any]) -> AsyncIterator[Clients]:
    settings = Settings(
        database_url=database_url,
        rate_limit_writes_per_key=3,
        rate_limit_writes_per_address=6,
        rate_limit_signups_per_address=2,
        rate_limit_window_seconds=60,
        **shared,
    )
    container = Container(settings=settings, database_url=database_url)
    app = cast(Any, create_app(container))
    opened: list[httpx.AsyncClient] = []

    def client(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        opened.append(httpx.AsyncClient(transport=transport, base_url="http://jobboard.test"))
        return opened[-1]

    yield client
    for each in opened:
        await each.aclose()
    await release(container)


def assert_limited(response: httpx.Response, limit: int) -> None:
    assert_problem(response, 429, "rate-limited")
    assert int(response.headers["Retry-After"]) >= 1
    assert response.headers["RateLimit-Limit"] == str(limit)
    assert response.headers["RateLimit-Remaining"] == "0"
    assert int(response.headers["RateLimit-Reset"]) >= 1
    assert response.headers["RateLimit-Policy"] == f"{limit};w=60"
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # answered before routing


async def test_sign_ups_past_the_limit_of_one_address_answer_429_and_register_nothing(
    limited: Clients, clean_database: AsyncEngine
) -> None:
    client = limited("203.0.113.7")
    first = await client.post("/v1/companies", json={"name": "One", "country": "GB"})
    second = await client.post("/v1/companies", json={"name": "Two", "country": "GB"})

    third = await client.post("/v1/companies", json={"name": "Three", "country": "GB"})

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.headers["RateLimit-Remaining"] == "1"
    assert second.headers["RateLimit-Remaining"] == "0"
    assert_limited(third, 2)
    async with clean_database.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM companies")) == 2
    other = await limited("198.51.100.9").post(
        "/v1/companies", json={"name": "Elsewhere", "country": "GB"}
    )
    assert other.status_code == 201  # another address has a budget of its own


async def test_writes_past_the_limit_of_one_key_answer_429_while_another_key_goes_on(
    limited: Clients,
) -> None:
    client = limited("203.0.113.8")
    alpha = await sign_up(client, "Alpha")
    beta = await sign_up(client, "Beta")
    statuses = [
        (await client.post("/v1/employer/api-keys", headers=alpha.headers)).status_code
        for _ in range(3)
    ]

    refused = await client.post("/v1/employer/api-keys", headers=alpha.headers)

    assert statuses == [201, 201, 201]
    assert_limited(refused, 3)
    beta_write = await client.post(
        "/v1/employer/postings", json=posting_body(), headers=beta.headers
    )
    assert beta_write.status_code == 201


async def test_writes_past_the_limit_of_one_address_answer_429_whatever_the_key(
    limited: Clients,
) -> None:
    crowded = limited("203.0.113.9")
    elsewhere = limited("198.51.100.10")
    keys = [await sign_up(elsewhere, name) for name in ("Alpha", "Beta")]
    keys.append(await sign_up(limited("198.51.100.11"), "Gamma"))
    for employer in keys * 2:  # two writes per key: each key stays under its own limit of 3
        response = await crowded.post("/v1/employer/api-keys", headers=employer.headers)
        assert response.status_code == 201, response.text

    refused = await crowded.post("/v1/employer/api-keys", headers=keys[0].headers)

    assert_limited(refused, 6)
    again = await elsewhere.post("/v1/employer/api-keys", headers=keys[0].headers)
    assert again.status_code == 201


async def test_reads_are_never_rate_limited(limited: Clients) -> None:
    client = limited("203.0.113.10")
    employer = await sign_up(client, "Reader")

    responses = [await client.get("/v1/postings") for _ in range(20)]
    responses += [await client.get("/v1/employer/company", headers=employer.headers)]

    assert {r.status_code for r in responses} == {200}
    assert not any("RateLimit-Limit" in r.headers for r in responses)


async def test_limits_can_be_switched_off(database_url: str, clean_database: AsyncEngine) -> None:
    settings = Settings(
        database_url=database_url,
        rate_limit_enabled=False,
        rate_limit_signups_per_address=1,
    )
    container = Container(settings=settings, database_url=database_url)
    transport = httpx.ASGITransport(app=cast(Any, create_app(container)))
    async with httpx.AsyncClient(transport=transport, base_url="http://jobboard.test") as client:
        statuses = [
            (
                await client.post("/v1/companies", json={"name": f"C{i}", "country": "GB"})
            ).status_code
            for i in range(3)
        ]
    await release(container)

    assert statuses == [201, 201, 201]


def _board(database_url: str, **values: Any) -> tuple[Container, httpx.AsyncClient]:
    settings = Settings(database_url=database_url, rate_limit_signups_per_address=2, **values)
    container = Container(settings=settings, database_url=database_url)
    transport = httpx.ASGITransport(app=cast(Any, create_app(container)), client=("192.0.2.5", 1))
    return container, httpx.AsyncClient(transport=transport, base_url="http://jobboard.test")


async def test_boards_counting_in_one_redis_share_one_budget(
    database_url: str, clean_database: AsyncEngine, scratch_redis: ScratchRedis
) -> None:
    shared = {"redis_url": scratch_redis.url, "rate_limit_key_prefix": scratch_redis.prefix}
    (one, first), (other, second) = _board(database_url, **shared), _board(database_url, **shared)

    answers = [
        await client.post("/v1/companies", json={"name": f"Shared {n}", "country": "GB"})
        for n, client in enumerate([first, second, first, second])
    ]
    for container, client in ((one, first), (other, second)):
        await client.aclose()
        await release(container)

    assert [a.status_code for a in answers[:2]] == [201, 201]
    assert_limited(answers[2], 2)
    assert_limited(answers[3], 2)
    keys = await scratch_redis.keys()
    assert keys, "the counters are in Redis, under the configured prefix"
    assert any("signups-per-address" in key for key in keys), keys


async def test_an_unreachable_redis_serves_writes_unlimited_with_a_warning_and_a_count(
    database_url: str, clean_database: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        nowhere = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    container, client = _board(database_url, redis_url=nowhere)
    before = _storage_errors((await client.get("/metrics")).text)

    with caplog.at_level(logging.WARNING, logger="adapters.http.rate_limits"):
        answers = [
            await client.post("/v1/companies", json={"name": f"Open {n}", "country": "GB"})
            for n in range(4)
        ]
    after = _storage_errors((await client.get("/metrics")).text)
    await client.aclose()
    await release(container)

    assert [a.status_code for a in answers] == [201] * 4  # past the limit of 2: served
    assert not any("RateLimit-Limit" in a.headers for a in answers)
    assert after - before == 4
    warnings = [r for r in caplog.records if "rate limits unavailable" in r.getMessage()]
    assert len(warnings) == 1  # one warning, not one per write


async def test_a_redis_that_never_answers_costs_a_write_its_timeout_not_its_answer(
    database_url: str, clean_database: AsyncEngine
) -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does) and says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        hanging = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        container, client = _board(database_url, redis_url=hanging, redis_timeout_seconds=0.2)
        before = _storage_errors((await client.get("/metrics")).text)

        answers = [
            await client.post("/v1/companies", json={"name": f"Hung {n}", "country": "GB"})
            for n in range(3)
        ]
        after = _storage_errors((await client.get("/metrics")).text)
        await client.aclose()
        await release(container)

    assert [a.status_code for a in answers] == [201] * 3
    assert after - before == 3


def _storage_errors(exposition: str) -> float:
    for family in text_string_to_metric_families(exposition):
        if family.name == "jobboard_rate_limit_storage_errors":
            return sum(s.value for s in family.samples if s.name.endswith("_total"))
    raise AssertionError("jobboard_rate_limit_storage_errors_total is not exposed")
