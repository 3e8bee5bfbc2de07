"""A company holds a bounded number of live API keys: a leaked key cannot mint keys without end."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from e2e.board import assert_problem
from e2e_support import bearer, board_client


@pytest.fixture
async def capped_client(
    database_url: str, clean_database: AsyncEngine
) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(database_url=database_url, run_projector=False, max_api_keys_per_company=3)
    container = Container(settings=settings, database_url=database_url)
    async with board_client(container) as client:
        yield client
    await release(container)


async def test_one_key_past_the_configured_cap_answers_409_naming_the_cap(
    capped_client: httpx.AsyncClient,
) -> None:
    signup = await capped_client.post("/v1/companies", json={"name": "Keyed", "country": "GB"})
    first = signup.json()["api_key"]
    for _ in range(2):  # the sign-up's key and these two: three live keys
        assert (await capped_client.post("/v1/employer/api-keys", headers=bearer(first))).is_success

    refused = await capped_client.post("/v1/employer/api-keys", headers=bearer(first))

    problem = assert_problem(refused, 409, "api-key-limit-reached")
    assert "at most 3" in problem["detail"]


async def test_revoking_a_key_makes_room_for_another(capped_client: httpx.AsyncClient) -> None:
    signup = await capped_client.post("/v1/companies", json={"name": "Rotated", "country": "GB"})
    first, first_id = signup.json()["api_key"], signup.json()["api_key_id"]
    issued = [
        (await capped_client.post("/v1/employer/api-keys", headers=bearer(first))).json()
        for _ in range(2)
    ]

    await capped_client.delete(f"/v1/employer/api-keys/{first_id}", headers=bearer(first))
    again = await capped_client.post("/v1/employer/api-keys", headers=bearer(issued[0]["api_key"]))

    assert again.status_code == 201, again.text
