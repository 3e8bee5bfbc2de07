"""The hot path of GET /v1/postings answers exactly what the Litestar route answers, and
hands the route every request it is not sure of."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import pytest

from adapters.container import Container
from adapters.http.app import create_app
from e2e.board import published, until_listed, verified_employer

PLAIN = [
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
]
# Each of these goes to the route: an error it must answer, or a form the hot path leaves
# to the framework's own parsing.
LEFT_TO_THE_ROUTE = [
    "limit=0",
    "limit=abc",
    "limit=-1",
    "q=",
    "country=XX",
    "unknown=1",
    "limit=5&limit=6",
    "salary_min=1e5&currency=GBP",
    "salary_min=100000",
    "sort=bogus",
    "cursor=garbage",
    "facets=salary",
    "&".join(["country=GB"] * 51),
    "q=%00",
]


@pytest.fixture
async def route(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    """The same board with the hot path off: only the Litestar route answers."""
    app = create_app(container, hot_search=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=cast(Any, app)), base_url="http://jobboard.test"
    ) as client:
        yield client


def _answer(response: httpx.Response) -> tuple[int, Any, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k != "x-request-id"}
    return response.status_code, response.json(), headers


async def test_the_hot_path_answers_what_the_route_answers(
    client: httpx.AsyncClient,
    route: httpx.AsyncClient,
    admin_headers: dict[str, str],
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
    hot = client._transport.app.state.hot_search  # type: ignore[attr-defined]

    for query in PLAIN:
        before = hot.served
        assert _answer(await client.get(f"/v1/postings?{query}")) == _answer(
            await route.get(f"/v1/postings?{query}")
        ), query
        assert hot.served == before + 1, f"{query!r} was not answered by the hot path"

    first = (await client.get("/v1/postings?limit=1")).json()
    second = f"/v1/postings?limit=1&cursor={first['next_cursor']}"
    assert _answer(await client.get(second)) == _answer(await route.get(second))

    for query in LEFT_TO_THE_ROUTE:
        before = hot.served
        answered = await client.get(f"/v1/postings?{query}")
        assert _answer(answered) == _answer(await route.get(f"/v1/postings?{query}")), query
        assert hot.served == before, f"{query!r} should have gone to the route"
    assert (await client.get("/v1/postings?limit=0")).status_code == 400
