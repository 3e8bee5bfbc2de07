"""Expiry end to end, with the container's clock overridden (providers, not patches)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any, cast

import httpx
import pytest
from dependency_injector import providers

from adapters.container import Container
from adapters.http.app import create_app
from application.commands.api_keys import IssueAdminKey
from builders import AN_ADMIN
from e2e_support import bearer, posting_body
from fakes import FixedClock


@pytest.fixture
async def clock(container: Container) -> AsyncIterator[FixedClock]:
    fixed = FixedClock()
    container.clock.override(providers.Object(fixed))
    yield fixed
    container.clock.reset_override()


@pytest.fixture
async def timed_client(container: Container, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=cast(Any, create_app(container))),
        base_url="http://jobboard.test",
    ) as client:
        yield client


async def _directory(client: httpx.AsyncClient, slug: str) -> dict[str, Any]:
    """Every count a candidate can see for the board and the company."""
    requirements = (await client.get("/v1/requirements?prefix=python")).json()
    return {
        "countries": (await client.get("/v1/countries?language=en")).json(),
        "languages": (await client.get("/v1/languages")).json(),
        # An employer's proposal, not curated: listed only while a public posting asks for it.
        "python": next((r["postings"] for r in requirements if r["name"] == "Python"), None),
        "open_postings": (await client.get(f"/v1/companies/{slug}")).json()["open_postings"],
    }


async def test_a_posting_past_its_validity_vanishes_and_is_expired_by_the_admin_command(
    container: Container, clock: FixedClock, timed_client: httpx.AsyncClient
) -> None:
    client = timed_client
    admin = bearer(
        (
            await container.application().commands.issue_admin_key(
                IssueAdminKey("test admin", actor=AN_ADMIN)
            )
        ).api_key
    )
    signup = (
        await client.post("/v1/companies", json={"name": "Clockwork", "country": "DE"})
    ).json()
    employer = bearer(signup["api_key"])
    await client.post(f"/v1/admin/companies/{signup['company']['id']}/verify", headers=admin)
    draft = (
        await client.post("/v1/employer/postings", json=posting_body(), headers=employer)
    ).json()
    valid_through = (clock.now() + timedelta(days=7)).isoformat()
    published = await client.post(
        f"/v1/employer/postings/{draft['id']}/publish",
        json={"valid_through": valid_through},
        headers=employer,
    )
    assert published.json()["valid_through"].startswith(valid_through[:19])
    await container.projector().drain()
    assert (await client.get(f"/v1/postings/{draft['id']}")).status_code == 200

    directory = await _directory(client, signup["company"]["slug"])
    assert directory == {
        "countries": [{"country": "GB", "postings": 1}],
        "languages": [{"language": "en", "postings": 1}],
        "python": 1,
        "open_postings": 1,
    }

    assert (await client.post("/v1/admin/postings/expire", headers=admin)).json() == {"expired": 0}
    clock.advance(timedelta(days=8))

    # Past valid_through the posting is invisible at once, before any command runs ...
    assert (await client.get(f"/v1/postings/{draft['id']}")).status_code == 404
    assert (await client.get("/v1/postings")).json()["items"] == []
    assert await _directory(client, signup["company"]["slug"]) == {
        "countries": [],
        "languages": [],
        "python": None,
        "open_postings": 0,
    }
    # ... and the admin command moves it to expired, once.
    assert (await client.post("/v1/admin/postings/expire", headers=admin)).json() == {"expired": 1}
    assert (await client.post("/v1/admin/postings/expire", headers=admin)).json() == {"expired": 0}
    own = await client.get(f"/v1/employer/postings/{draft['id']}", headers=employer)
    assert own.json()["status"] == "expired"
