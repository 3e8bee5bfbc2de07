"""POST /v1/employer/postings/import: a pasted job description becomes a draft."""

from __future__ import annotations

from pathlib import Path

import httpx

from e2e.board import assert_problem, verified_employer

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "raw"


async def _own_count(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    return len((await client.get("/v1/employer/postings", headers=headers)).json()["items"])


async def test_a_pasted_ad_becomes_a_draft_with_a_parse_report(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    for name, aliases in (("Node.js", ["nodejs", "node"]), ("PostgreSQL", ["postgres"])):
        added = await client.post(
            "/v1/admin/requirements",
            json={"name": name, "kind": "skill", "aliases": aliases},
            headers=admin_headers,
        )
        assert added.status_code == 201, added.text
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    text = (SEEDS / "003_964619c3af4a8c9a.txt").read_text()

    response = await client.post(
        "/v1/employer/postings/import", json={"text": text}, headers=employer.headers
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "draft"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert body["workplace"] == "hybrid"
    names = {r["name"]: r["importance"] for r in body["requirements"]}
    assert names["Node.js"] == "must"
    assert names["PostgreSQL"] == "must"
    assert "workplace" in body["parse"]["found"]
    own = await client.get(f"/v1/employer/postings/{body['id']}", headers=employer.headers)
    assert own.json()["title"] == body["title"]


async def test_plain_text_is_accepted_too(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    text = (
        "Senior Data Engineer\n\nRequirements:\n- 5+ years of Python\n\n"
        "Salary: €70,000 - €85,000 per year"
    )

    response = await client.post(
        "/v1/employer/postings/import",
        content=text.encode(),
        headers={**employer.headers, "Content-Type": "text/plain; charset=utf-8"},
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["title"] == "Senior Data Engineer"
    assert body["salary"] == {"min": 70000, "max": 85000, "currency": "EUR", "period": "year"}
    assert body["requirements"][0]["min_years"] == 5


async def test_empty_huge_or_binary_text_is_refused_and_nothing_is_created(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    url = "/v1/employer/postings/import"

    empty = await client.post(url, json={"text": "  "}, headers=employer.headers)
    missing = await client.post(url, json={"words": "x"}, headers=employer.headers)
    huge = await client.post(url, json={"text": "word " * 220_000}, headers=employer.headers)
    binary = await client.post(
        url,
        content=bytes(range(256)) * 40,
        headers={**employer.headers, "Content-Type": "text/plain"},
    )
    junk = await client.post(
        url,
        json={"text": "\x00\x01\x02\x03" * 500},
        headers=employer.headers,
    )

    assert_problem(empty, 422, "invariant-violated", fields={"text"})
    assert_problem(missing, 422, "validation-failed", fields={"text"})
    assert huge.status_code == 413
    assert_problem(binary, 422, "validation-failed", fields={"text"})
    assert_problem(junk, 422, "invariant-violated", fields={"text"})
    assert await _own_count(client, employer.headers) == 0


async def test_importing_needs_an_employer_key(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/employer/postings/import", json={"text": "Engineer"})

    assert_problem(response, 401, "unauthenticated")
