"""The JSON-LD answer as a hostile client meets it: markup in any field stays inert where a
page embeds the document, and the links in it never come from the request's Host header.
Also a company website that could carry markup is refused where it comes in."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from e2e.board import assert_problem, published, sign_up, until_listed, verified_employer
from e2e_support import board_client

BASE_URL = "https://jobs.example"
SCRIPT = "</script><script>alert(1)</script>"


@pytest.fixture
async def container(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        projector_poll_seconds=0.2,
        public_base_url=BASE_URL,
        posting_path="/stellen/{id}/ansehen",
    )
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with board_client(container) as client:
        yield client


async def test_markup_in_any_field_leaves_no_angle_bracket_in_the_json_ld_body(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, f"Evil {SCRIPT} & Co")
    posting = await published(
        client,
        employer,
        title=f"Engineer {SCRIPT}",
        description=f"We build things. {SCRIPT} & more",
        locations=[{"country": "GB", "city": f"London{SCRIPT}"}],
        requirements=[{"name": f"Rust{SCRIPT}", "importance": "must"}],
        responsibilities=[f"Ship {SCRIPT}"],
        benefits=[f"Pension {SCRIPT}"],
    )
    await until_listed(client, {posting})

    response = await client.get(f"/v1/postings/{posting}/json-ld")

    assert response.status_code == 200, response.text
    body = response.content
    assert b"<" not in body and b">" not in body and b"&" not in body
    assert b"\\u003c/script\\u003e" in body
    document = json.loads(body)
    assert document["title"] == f"Engineer {SCRIPT}"
    assert document["hiringOrganization"]["name"] == f"Evil {SCRIPT} & Co"
    assert document["jobLocation"][0]["address"]["addressLocality"] == f"London{SCRIPT}"
    assert f"Rust{SCRIPT}" in document["skills"]
    # The description is HTML: the employer's text in it is escaped, the board's tags not.
    assert (
        "We build things. &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"
        in (document["description"])
    )
    assert "<script>" not in document["description"]
    assert document["description"].startswith("<p>")


async def test_a_forged_host_header_does_not_reach_the_json_ld_url(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting = await published(client, employer)
    await until_listed(client, {posting})

    response = await client.get(
        f"/v1/postings/{posting}/json-ld?utm=x",
        headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"},
    )

    assert response.status_code == 200, response.text
    assert response.json()["url"] == f"{BASE_URL}/stellen/{posting}/ansehen"
    assert b"evil.example" not in response.content


WEBSITES = ['http://x"><script>', "javascript:alert(1)", "https://exa mple.com"]


@pytest.mark.parametrize("website", WEBSITES)
async def test_sign_up_refuses_a_website_that_is_not_a_well_formed_http_url(
    client: httpx.AsyncClient, website: str
) -> None:
    response = await client.post(
        "/v1/companies", json={"name": "Acme Ltd", "country": "GB", "website": website}
    )

    assert_problem(response, 422, "invariant-violated", fields={"website"})


@pytest.mark.parametrize("website", WEBSITES)
async def test_a_company_cannot_change_its_website_to_one_that_could_carry_markup(
    client: httpx.AsyncClient, website: str
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    current = await client.get("/v1/employer/company", headers=employer.headers)
    # Sent with the profile's ETag when it has one, so only the website is at fault.
    precondition = {"If-Match": current.headers["etag"]} if "etag" in current.headers else {}

    response = await client.patch(
        "/v1/employer/company",
        json={"website": website},
        headers=employer.headers | precondition,
    )

    assert_problem(response, 422, "invariant-violated", fields={"website"})
    kept = await client.get("/v1/employer/company", headers=employer.headers)
    assert kept.json()["website"] is None
