"""Anonymous reads cannot take the node down: a public statement runs for a bounded time,
and facet counts over a search's matches run a few at a time, refused at once past that
(503 too-busy with Retry-After), while plain searches go on being answered."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from e2e.board import assert_problem, published, until_listed, verified_employer
from e2e_support import admin_bearer, board_client

FACETS = "country,language,workplace,employment_type,requirement,company"


@pytest.fixture
async def bounded(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        public_statement_timeout_seconds=0.3,
        facet_counts_at_once=1,
    )
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


@pytest.fixture
async def board(bounded: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with board_client(bounded) as client:
        admin = await admin_bearer(bounded)
        acme = await verified_employer(client, admin, "Acme Ltd")
        ids = {await published(client, acme, title=f"Kafka engineer {n}") for n in range(3)}
        await until_listed(client, ids)
        yield client


async def test_a_public_read_past_its_time_limit_answers_503_too_busy(
    board: httpx.AsyncClient, bounded: Container
) -> None:
    posting_id = (await board.get("/v1/postings")).json()["items"][0]["id"]
    async with bounded.engine().connect() as locker:
        # Another session holds the read model: every public read of it waits, past 0.3 s.
        await locker.execute(text("BEGIN"))
        await locker.execute(text("LOCK TABLE public_postings IN ACCESS EXCLUSIVE MODE"))
        search = await board.get("/v1/postings?q=kafka")
        detail = await board.get(f"/v1/postings/{posting_id}")
        await locker.execute(text("ROLLBACK"))

    for answer in (search, detail):
        assert_problem(answer, 503, "too-busy")
        assert answer.headers["retry-after"] == "2"
    assert (await board.get(f"/v1/postings/{posting_id}")).status_code == 200


async def test_a_faceted_search_past_the_counts_at_once_is_refused_at_once(
    board: httpx.AsyncClient, bounded: Container
) -> None:
    landing = f"/v1/postings?facets={FACETS}"
    assert (await board.get(landing)).status_code == 200
    reader = bounded.public_postings()
    async with reader._counts:  # the one count this process runs at once is under way
        expensive = await board.get(f"/v1/postings?q=kafka&posted_within_days=30&facets={FACETS}")
        plain = await board.get("/v1/postings?q=kafka")
        kept = await board.get(landing)

    assert_problem(expensive, 503, "too-busy")
    assert expensive.headers["retry-after"] == "2"
    assert plain.status_code == 200  # searches without counts are answered as ever
    assert len(plain.json()["items"]) == 3
    assert kept.status_code == 200  # so are facets already counted, or read from the counts
    after = await board.get(f"/v1/postings?q=kafka&posted_within_days=30&facets={FACETS}")
    assert after.status_code == 200
    assert sum(c["count"] for c in after.json()["facets"]["company"]) == 3
