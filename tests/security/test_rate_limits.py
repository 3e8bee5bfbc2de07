"""Rate limits on writes and sign-ups: per key, per address; 429 says when to come back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.http.rate_limits import TokenBucket
from adapters.settings import Settings
from e2e.board import assert_problem, sign_up
from e2e_support import posting_body

Clients = Callable[[str], httpx.AsyncClient]


@pytest.fixture
async def limited(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Clients]:
    """Clients of a board with tight limits, one per client address asked for."""
    settings = Settings(
        database_url=database_url,
        rate_limit_writes_per_key=3,
        rate_limit_writes_per_address=6,
        rate_limit_signups_per_address=2,
        rate_limit_window_seconds=60,
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


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_refills_continuously_and_says_when_to_retry() -> None:
    clock = FakeClock()
    bucket = TokenBucket("writes", limit=3, window=60, clock=clock)
    for _ in range(3):
        assert bucket.check("k").allowed
        bucket.take("k")

    empty = bucket.check("k")
    assert not empty.allowed
    assert empty.retry_after == 20  # one token every 60/3 seconds
    assert empty.reset_seconds == 60
    clock.now += 19.9
    assert not bucket.check("k").allowed
    clock.now += 0.1
    assert bucket.check("k").allowed
    assert bucket.check("other").remaining == 2  # callers do not share a bucket


def test_checking_a_bucket_takes_nothing() -> None:
    bucket = TokenBucket("writes", limit=1, window=60, clock=FakeClock())

    for _ in range(5):
        assert bucket.check("k").allowed
