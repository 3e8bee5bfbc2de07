"""Who may call what: employer keys act for one company, admin keys for the board."""

from __future__ import annotations

import httpx
import pytest

from e2e.board import assert_problem, sign_up
from e2e_support import bearer

EMPLOYER_ROUTES = [
    ("GET", "/v1/employer/company"),
    ("GET", "/v1/employer/postings"),
    ("POST", "/v1/employer/api-keys"),
]
ADMIN_ROUTES = [
    ("POST", "/v1/admin/postings/expire"),
    ("GET", "/v1/admin/read-models/verify"),
    ("POST", "/v1/admin/read-models/rebuild"),
]


@pytest.mark.parametrize(("method", "path"), EMPLOYER_ROUTES + ADMIN_ROUTES)
async def test_a_protected_route_without_a_key_answers_401_with_a_bearer_challenge(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path)

    assert_problem(response, 401, "unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "authorization",
    ["Bearer jbe_not-a-key-the-board-issued", "Bearer ", "Basic dXNlcjpwYXNz", "jbe_no_scheme"],
)
async def test_an_unknown_or_unreadable_key_answers_401(
    client: httpx.AsyncClient, authorization: str
) -> None:
    response = await client.get("/v1/employer/postings", headers={"Authorization": authorization})

    assert_problem(response, 401, "unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
async def test_an_employer_key_on_an_admin_route_answers_403(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    employer = await sign_up(client, "Acme Ltd")

    response = await client.request(method, path, headers=employer.headers)

    assert_problem(response, 403, "forbidden")
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize(("method", "path"), EMPLOYER_ROUTES)
async def test_an_admin_key_on_an_employer_route_answers_403(
    client: httpx.AsyncClient, admin_headers: dict[str, str], method: str, path: str
) -> None:
    response = await client.request(method, path, headers=admin_headers)

    assert_problem(response, 403, "forbidden")


async def test_a_revoked_employer_key_answers_401_while_the_company_s_other_key_still_works(
    client: httpx.AsyncClient,
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    issued = await client.post("/v1/employer/api-keys", headers=employer.headers)
    assert issued.status_code == 201, issued.text
    second_key = issued.json()["api_key"]
    assert second_key != employer.api_key
    assert (await client.get("/v1/employer/company", headers=bearer(second_key))).status_code == 200

    revoked = await client.delete(
        f"/v1/employer/api-keys/{issued.json()['id']}", headers=employer.headers
    )

    assert revoked.status_code == 204, revoked.text
    refused = await client.get("/v1/employer/company", headers=bearer(second_key))
    assert_problem(refused, 401, "unauthenticated")
    still = await client.get("/v1/employer/company", headers=employer.headers)
    assert still.status_code == 200
    assert still.json()["id"] == employer.company_id


async def test_a_company_cannot_revoke_another_company_s_key(
    client: httpx.AsyncClient,
) -> None:
    alpha = await sign_up(client, "Alpha")
    beta = await sign_up(client, "Beta")
    issued = await client.post("/v1/employer/api-keys", headers=beta.headers)

    response = await client.delete(
        f"/v1/employer/api-keys/{issued.json()['id']}", headers=alpha.headers
    )

    assert_problem(response, 404, "not-found")
    works = await client.get("/v1/employer/company", headers=bearer(issued.json()["api_key"]))
    assert works.json()["id"] == beta.company_id


async def test_an_employer_key_acts_for_its_own_company(client: httpx.AsyncClient) -> None:
    alpha = await sign_up(client, "Alpha")
    beta = await sign_up(client, "Beta")

    mine = await client.get("/v1/employer/company", headers=beta.headers)

    assert mine.status_code == 200
    assert mine.json()["id"] == beta.company_id != alpha.company_id
    assert mine.json()["status"] == "pending"
