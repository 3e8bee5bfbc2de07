"""The moves end-to-end tests make over HTTP, and the checks they make on problem answers.

Imported as ``e2e.board`` (``tests`` is on the path; no ``__init__.py`` files).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from e2e_support import bearer, eventually, posting_body

PROBLEM_JSON = "application/problem+json"


def assert_problem(
    response: httpx.Response,
    status: int,
    code: str,
    *,
    fields: set[str] | None = None,
) -> dict[str, Any]:
    """The response is an RFC 9457 problem of this status and type, naming these fields."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    body: dict[str, Any] = response.json()
    assert body["type"] == f"/problems/{code}", body
    assert body["status"] == status, body
    assert body["title"], body
    assert body["detail"], body
    assert "Traceback" not in response.text
    if fields is not None:
        named = {error["field"] for error in body.get("errors", [])}
        assert fields <= named, f"expected errors naming {fields}, got {body}"
        assert all(error["message"] for error in body["errors"]), body
    return body


def error_fields(response: httpx.Response) -> set[str]:
    return {error["field"] for error in response.json().get("errors", [])}


@dataclass(frozen=True)
class Employer:
    """A signed-up company and the key that acts for it."""

    company_id: str
    name: str
    slug: str
    api_key: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.api_key)


async def sign_up(client: httpx.AsyncClient, name: str, country: str = "GB") -> Employer:
    response = await client.post("/v1/companies", json={"name": name, "country": country})
    assert response.status_code == 201, response.text
    company = response.json()["company"]
    return Employer(company["id"], company["name"], company["slug"], response.json()["api_key"])


async def verify(client: httpx.AsyncClient, admin: dict[str, str], employer: Employer) -> None:
    response = await client.post(f"/v1/admin/companies/{employer.company_id}/verify", headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "verified"


async def verified_employer(
    client: httpx.AsyncClient, admin: dict[str, str], name: str
) -> Employer:
    employer = await sign_up(client, name)
    await verify(client, admin, employer)
    return employer


async def suspend(client: httpx.AsyncClient, admin: dict[str, str], employer: Employer) -> None:
    response = await client.post(
        f"/v1/admin/companies/{employer.company_id}/suspend",
        json={"reason": "misleading postings"},
        headers=admin,
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "suspended"


async def draft(client: httpx.AsyncClient, employer: Employer, **overrides: Any) -> httpx.Response:
    """A new draft (asserted created); the whole response, for its body and ETag."""
    response = await client.post(
        "/v1/employer/postings", json=posting_body(**overrides), headers=employer.headers
    )
    assert response.status_code == 201, response.text
    return response


async def publish(
    client: httpx.AsyncClient, employer: Employer, posting_id: str, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/v1/employer/postings/{posting_id}/publish", json=body or None, headers=employer.headers
    )


async def published(client: httpx.AsyncClient, employer: Employer, **overrides: Any) -> str:
    """Draft and publish a posting; answers its id (it reaches the public side eventually)."""
    posting_id: str = (await draft(client, employer, **overrides)).json()["id"]
    response = await publish(client, employer, posting_id)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "published"
    return posting_id


async def own_posting(
    client: httpx.AsyncClient, employer: Employer, posting_id: str
) -> httpx.Response:
    response = await client.get(f"/v1/employer/postings/{posting_id}", headers=employer.headers)
    assert response.status_code == 200, response.text
    return response


async def public_ids(client: httpx.AsyncClient, query: str = "") -> list[str]:
    """Ids on the first public page (limit 100) for a query string like ``country=FR``."""
    response = await client.get(f"/v1/postings?limit=100&{query}")
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def public_detail(client: httpx.AsyncClient, posting_id: str) -> httpx.Response:
    return await client.get(f"/v1/postings/{posting_id}")


async def until_public(client: httpx.AsyncClient, posting_id: str) -> dict[str, Any]:
    """Wait until the posting is public; answers its public detail."""

    async def probe() -> httpx.Response:
        return await public_detail(client, posting_id)

    response = await eventually(probe, lambda r: r.status_code == 200)
    detail: dict[str, Any] = response.json()
    return detail


async def until_listed(client: httpx.AsyncClient, ids: set[str], query: str = "") -> list[str]:
    """Wait until every one of ``ids`` is on the public list; answers the listed ids."""

    async def probe() -> list[str]:
        return await public_ids(client, query)

    return await eventually(probe, lambda listed: ids <= set(listed))


async def until_gone(client: httpx.AsyncClient, posting_id: str) -> None:
    """Wait until the posting has left the public board: not listed, its detail 404."""

    async def probe() -> tuple[list[str], int]:
        return await public_ids(client), (await public_detail(client, posting_id)).status_code

    await eventually(probe, lambda seen: posting_id not in seen[0] and seen[1] == 404)
