"""The fast path of GET /v1/postings answers exactly what the Litestar route answers, errors
included, from the same parameter table and problem table, and tries nothing twice."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import pytest
from dependency_injector import providers

from adapters.container import Container
from adapters.http.app import create_app
from application.errors import Unavailable
from application.queries.public_postings import ListPublicPostings, SearchResult
from e2e.board import assert_problem, published, until_listed, verified_employer

QUERIES = [
    "",
    "country=GB",
    "country=GB&country=FR&language=en",
    "q=kafka",
    "q=engineer&language=en&sort=newest",
    "limit=1",
    "facets=country,language,workplace,company",
    "country=FR&facets=country,requirement",
    "workplace=remote&workplace=hybrid&employment_type=full_time",
    "salary_min=50000&currency=GBP",
    "posted_within_days=7",
    "requirement=Python",
    "city=London",
    "company=acme-ltd",
    "q=caf%C3%A9+d%C3%A9veloppeur",
    "unknown=1",
    "q=",
    "limit=5&limit=1",
    # errors: each a problem, from the one table
    "limit=0",
    "limit=abc",
    "country=XX",
    "sort=bogus",
    "cursor=garbage",
    "facets=salary",
    "salary_min=100000",
    "salary_min=lots&currency=GBP",
    "&".join(["country=GB"] * 51),
    "q=%00",
]


def _over(app: Any) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=cast(Any, app))
    return httpx.AsyncClient(transport=transport, base_url="http://jobboard.test")


@pytest.fixture
async def route(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    """The same board with the fast path off: only the Litestar route answers."""
    async with _over(create_app(container, search_fast_path=False)) as client:
        yield client


def _answer(response: httpx.Response) -> tuple[int, Any, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k != "x-request-id"}
    return response.status_code, response.json(), headers


async def test_the_fast_path_answers_what_the_route_answers(
    client: httpx.AsyncClient, route: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    acme = await verified_employer(client, admin_headers, "Acme Ltd")
    ids = {
        await published(client, acme, title="Kafka engineer"),
        await published(
            client,
            acme,
            title="Café",
            language="fr",
            locations=[{"country": "FR", "city": "Paris"}],
        ),
        await published(
            client, acme, title="Remote", workplace="remote", locations=[], remote_countries=["DE"]
        ),
    }
    await until_listed(client, ids)
    fast = client._transport.app.state.search_fast_path  # type: ignore[attr-defined]

    for query in QUERIES:
        before = fast.served
        assert _answer(await client.get(f"/v1/postings?{query}")) == _answer(
            await route.get(f"/v1/postings?{query}")
        ), query
        assert fast.served == before + 1, f"{query!r} was not answered by the fast path"

    first = (await client.get("/v1/postings?limit=1")).json()
    second = f"/v1/postings?limit=1&cursor={first['next_cursor']}"
    assert _answer(await client.get(second)) == _answer(await route.get(second))


async def test_a_search_that_fails_is_answered_once_with_its_problem(
    container: Container,
) -> None:
    calls: list[ListPublicPostings] = []

    async def database_away(query: ListPublicPostings) -> SearchResult:
        calls.append(query)
        raise Unavailable("the board cannot reach its database; retry shortly")

    real = container.application()
    queries = dataclasses.replace(real.queries, list_public_postings=cast(Any, database_away))
    container.application.override(providers.Object(dataclasses.replace(real, queries=queries)))
    try:
        async with _over(create_app(container)) as client:
            answer = await client.get("/v1/postings?country=GB")
    finally:
        container.application.reset_override()

    assert_problem(answer, 503, "database-unavailable")
    assert answer.headers["retry-after"] == "2"
    assert answer.headers["x-content-type-options"] == "nosniff"  # the app's headers, too
    assert len(calls) == 1  # not run again through the route
