"""Operations and the edges of the HTTP surface: health, readiness, docs, and no tracebacks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import pytest
from litestar import get

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.settings import Settings
from e2e.board import assert_problem

CONTRACT_PATHS = {
    "/v1/postings",
    "/v1/postings/{posting_id}",
    "/v1/companies",
    "/v1/employer/company",
    "/v1/employer/postings",
    "/v1/employer/postings/{posting_id}",
    "/v1/employer/postings/{posting_id}/publish",
    "/v1/employer/postings/{posting_id}/close",
    "/v1/admin/companies/{company_id}/verify",
    "/v1/admin/companies/{company_id}/suspend",
    "/v1/admin/companies/{company_id}/reinstate",
    "/v1/admin/postings/{posting_id}/take-down",
    "/v1/admin/postings/expire",
    "/v1/admin/requirements",
    "/v1/admin/requirements/{requirement_id}/merge",
    "/v1/admin/read-models/rebuild",
    "/v1/admin/read-models/verify",
}


async def test_health_answers_200(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_answers_200_when_the_database_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ready"}


async def test_ready_answers_503_when_the_database_does_not() -> None:
    unreachable = "postgresql+asyncpg://postgres@127.0.0.1:1/nowhere"
    settings = Settings(database_url=unreachable, run_projector=False)
    container = Container(settings=settings, database_url=unreachable)
    app = create_app(container)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=cast(Any, app)), base_url="http://jobboard.test"
        ) as client:
            response = await client.get("/ready")
            alive = await client.get("/health")
    finally:
        await release(container)

    assert_problem(response, 503, "not-ready")
    assert alive.status_code == 200


async def test_the_openapi_document_describes_the_contract_s_paths(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/schema/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/v1/postings" in document["paths"]
    assert set(document["paths"]) >= CONTRACT_PATHS


@pytest.mark.parametrize("path", ["/nope", "/v1/nothing-here", "/v1/postings/not-a-uuid"])
async def test_an_unknown_route_answers_404_problem_json(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)

    body = assert_problem(response, 404, "route-not-found")
    assert body["instance"] == path


async def test_a_wrong_method_answers_405_problem_json(client: httpx.AsyncClient) -> None:
    assert_problem(await client.delete("/v1/postings"), 405, "method-not-allowed")


async def test_an_oversized_body_answers_413_problem_json(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/companies",
        content=b" " * 2_000_000,
        headers={"Content-Type": "application/json"},
    )

    assert_problem(response, 413, "payload-too-large")


@get("/test-only/boom")
async def _boom() -> None:
    raise RuntimeError("secret internals: password=hunter2 at /srv/jobboard/app.py line 42")


@pytest.fixture
async def crashing_client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    """The real app plus one route that fails unexpectedly, as any bug would."""
    app = create_app(container)
    app.register(_boom)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=cast(Any, app), raise_app_exceptions=False),
        base_url="http://jobboard.test",
    ) as client:
        yield client


async def test_an_unexpected_failure_answers_a_bare_500_without_a_traceback(
    crashing_client: httpx.AsyncClient,
) -> None:
    response = await crashing_client.get("/test-only/boom")

    body = assert_problem(response, 500, "internal-error")
    assert set(body) == {"type", "title", "status", "detail", "instance"}
    for leak in ("Traceback", "RuntimeError", "secret", "hunter2", ".py", "line 42"):
        assert leak not in response.text


async def test_error_answers_never_carry_a_traceback(client: httpx.AsyncClient) -> None:
    answers = [
        await client.get("/v1/postings?cursor=%FF%FE"),
        await client.post(
            "/v1/companies", content=b"\xff\xfe", headers={"Content-Type": "application/json"}
        ),
        await client.get("/v1/employer/postings/01a20fc5-0000-7000-8000-000000000000"),
        await client.post("/v1/companies", json={"name": "x" * 500, "country": "GB"}),
    ]

    for response in answers:
        assert 400 <= response.status_code < 500, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "Traceback" not in response.text
        assert 'File "' not in response.text
