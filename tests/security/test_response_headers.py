"""Security headers on every answer; CORS for the public reads only, and only if configured."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.settings import Settings
from e2e.board import sign_up

ORIGIN = "https://jobs.example"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/v1/postings", 200),
        ("GET", "/health", 200),
        ("GET", "/no/such/route", 404),
        ("PUT", "/v1/postings", 405),
        ("GET", "/v1/employer/company", 401),
        ("GET", "/v1/postings?limit=0", 400),
        ("POST", "/v1/companies", 400),
    ],
)
async def test_every_answer_carries_the_security_headers(
    client: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    response = await client.request(
        method, path, content=b"{", headers={"Content-Type": "application/json"}
    )

    assert response.status_code == status
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, name
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_answers_with_secrets_are_not_stored_and_public_reads_may_be(
    client: httpx.AsyncClient,
) -> None:
    signup = await client.post("/v1/companies", json={"name": "Keyed", "country": "GB"})
    own = await client.get(
        "/v1/employer/company", headers={"Authorization": f"Bearer {signup.json()['api_key']}"}
    )
    public = await client.get("/v1/postings")

    assert signup.headers["Cache-Control"] == "no-store"
    assert own.headers["Cache-Control"] == "no-store"
    assert "no-store" not in public.headers.get("Cache-Control", "")


async def test_the_interactive_docs_load_scripts_from_this_server_only(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/schema")

    assert response.status_code == 200
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response.headers["Content-Security-Policy"].split("; ")
    }
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]  # no CDN, no inline script
    assert policy["frame-ancestors"] == ["'none'"]
    scripts = re.findall(r'<script src="([^"]+)"', response.text)
    assert scripts, response.text
    assert all(src.startswith("/schema/assets/") for src in scripts), scripts
    assert "<script>" not in response.text and "http" not in "".join(scripts)
    for src in scripts:
        asset = await client.get(src)
        assert asset.status_code == 200, src
        assert "javascript" in asset.headers["content-type"], src


@pytest.fixture
async def cors_client(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Any]:
    settings = Settings(database_url=database_url, cors_origins=[ORIGIN])
    container = Container(settings=settings, database_url=database_url)
    transport = httpx.ASGITransport(app=cast(Any, create_app(container)))
    async with httpx.AsyncClient(transport=transport, base_url="http://jobboard.test") as client:
        yield client
    await release(container)


@pytest.mark.parametrize("path", ["/v1/postings", "/v1/languages", "/v1/countries"])
async def test_a_configured_origin_may_read_the_public_routes(
    cors_client: httpx.AsyncClient, path: str
) -> None:
    response = await cors_client.get(path, headers={"Origin": ORIGIN})

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "Origin" in response.headers["Vary"]


async def test_a_preflight_for_a_public_read_is_allowed(cors_client: httpx.AsyncClient) -> None:
    response = await cors_client.options(
        "/v1/postings", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )

    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


async def test_no_origin_may_call_employer_admin_or_write_routes(
    cors_client: httpx.AsyncClient,
) -> None:
    employer = await sign_up(cors_client, "Private Ltd")
    answers = [
        await cors_client.get(
            "/v1/employer/company", headers={**employer.headers, "Origin": ORIGIN}
        ),
        await cors_client.get("/v1/admin/read-models/verify", headers={"Origin": ORIGIN}),
        await cors_client.post(
            "/v1/companies", json={"name": "X", "country": "GB"}, headers={"Origin": ORIGIN}
        ),
        await cors_client.options(
            "/v1/employer/postings",
            headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"},
        ),
        await cors_client.options(
            "/v1/companies", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
        ),
    ]

    for answer in answers:
        assert "Access-Control-Allow-Origin" not in answer.headers, answer.request.url


async def test_an_origin_not_configured_gets_no_cors_headers(
    cors_client: httpx.AsyncClient, client: httpx.AsyncClient
) -> None:
    stranger = await cors_client.get("/v1/postings", headers={"Origin": "https://evil.example"})
    unconfigured = await client.get("/v1/postings", headers={"Origin": ORIGIN})

    assert "Access-Control-Allow-Origin" not in stranger.headers
    assert "Access-Control-Allow-Origin" not in unconfigured.headers
