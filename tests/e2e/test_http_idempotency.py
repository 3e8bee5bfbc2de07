"""Idempotency-Key on creating POSTs: a retried request gets the first answer, nothing twice."""

from __future__ import annotations

import hashlib
import json

import httpx
from sqlalchemy import text

from adapters.container import Container
from e2e.board import Employer, assert_problem, sign_up
from e2e_support import bearer, posting_body


async def _own_posting_ids(client: httpx.AsyncClient, employer: Employer) -> list[str]:
    listing = await client.get("/v1/employer/postings", headers=employer.headers)
    assert listing.status_code == 200, listing.text
    return [item["id"] for item in listing.json()["items"]]


async def _draft_with_key(
    client: httpx.AsyncClient, employer: Employer, key: str, **overrides: object
) -> httpx.Response:
    return await client.post(
        "/v1/employer/postings",
        json=posting_body(**overrides),
        headers={**employer.headers, "Idempotency-Key": key},
    )


async def test_a_replayed_draft_answers_the_first_response_and_creates_one_posting(
    client: httpx.AsyncClient,
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    first = await _draft_with_key(client, employer, "draft-0001")
    assert first.status_code == 201, first.text
    assert "Idempotent-Replayed" not in first.headers

    replay = await _draft_with_key(client, employer, "draft-0001")

    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert replay.headers["ETag"] == first.headers["ETag"]
    assert replay.headers["Location"] == first.headers["Location"]
    assert await _own_posting_ids(client, employer) == [first.json()["id"]]


async def test_the_same_key_with_another_body_answers_422_and_creates_nothing(
    client: httpx.AsyncClient,
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    first = await _draft_with_key(client, employer, "draft-0001")

    other = await _draft_with_key(client, employer, "draft-0001", title="Another job entirely")

    assert_problem(other, 422, "idempotency-key-reused")
    assert await _own_posting_ids(client, employer) == [first.json()["id"]]


async def test_distinct_keys_create_distinct_postings(client: httpx.AsyncClient) -> None:
    employer = await sign_up(client, "Acme Ltd")

    first = await _draft_with_key(client, employer, "draft-0001")
    second = await _draft_with_key(client, employer, "draft-0002")

    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]
    assert sorted(await _own_posting_ids(client, employer)) == sorted(
        [first.json()["id"], second.json()["id"]]
    )


async def test_a_key_belongs_to_its_company_so_another_company_may_use_the_same_key(
    client: httpx.AsyncClient,
) -> None:
    alpha, beta = await sign_up(client, "Alpha"), await sign_up(client, "Beta")
    alphas = await _draft_with_key(client, alpha, "shared-key")

    betas = await _draft_with_key(client, beta, "shared-key")

    assert betas.status_code == 201
    assert "Idempotent-Replayed" not in betas.headers
    assert betas.json()["id"] != alphas.json()["id"]
    assert betas.json()["company_id"] == beta.company_id
    assert await _own_posting_ids(client, beta) == [betas.json()["id"]]


async def test_a_refused_request_does_not_use_up_its_key(client: httpx.AsyncClient) -> None:
    employer = await sign_up(client, "Acme Ltd")
    salary = {"min": 90000, "max": 70000, "currency": "GBP", "period": "year"}
    refused = await _draft_with_key(client, employer, "draft-0001", salary=salary)
    assert_problem(refused, 422, "invariant-violated", fields={"salary.min"})

    corrected = await _draft_with_key(client, employer, "draft-0001")

    assert corrected.status_code == 201, corrected.text
    assert "Idempotent-Replayed" not in corrected.headers
    assert await _own_posting_ids(client, employer) == [corrected.json()["id"]]


async def test_a_blank_idempotency_key_answers_400(client: httpx.AsyncClient) -> None:
    employer = await sign_up(client, "Acme Ltd")

    response = await _draft_with_key(client, employer, "   ")

    assert_problem(response, 400, "malformed-request")
    assert await _own_posting_ids(client, employer) == []


async def test_a_replayed_sign_up_answers_the_same_company_without_its_key(
    client: httpx.AsyncClient, container: Container
) -> None:
    body = {"name": "Acme Ltd", "country": "GB", "website": "https://acme.test"}
    headers = {"Idempotency-Key": "signup-0001"}
    first = await client.post("/v1/companies", json=body, headers=headers)
    assert first.status_code == 201, first.text
    api_key = first.json()["api_key"]

    replay = await client.post("/v1/companies", json=body, headers=headers)

    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json()["company"] == first.json()["company"]
    assert replay.json()["api_key"] is None  # shown once: a replay does not hand it out again
    own = await client.get("/v1/employer/company", headers=bearer(api_key))
    assert own.json()["id"] == first.json()["company"]["id"]
    async with container.engine().connect() as connection:
        companies = await connection.scalar(text("SELECT count(*) FROM companies"))
        kept = await connection.scalar(text("SELECT response_body::text FROM idempotency_keys"))
    assert companies == 1
    assert api_key not in kept
    assert api_key[-12:] not in kept  # nor its tail (a key may hold "_" in its random part)


async def test_a_create_abandoned_mid_way_frees_its_key_after_the_abandon_time(
    client: httpx.AsyncClient, container: Container
) -> None:
    """A process killed during a create leaves its reservation unanswered (as the store's
    reserve left it): past the abandon time (60 s by default), a retry with the key runs,
    instead of answering 409 forever; a younger reservation is still in flight."""
    employer = await sign_up(client, "Acme Ltd")
    body = json.dumps(posting_body()).encode()
    fingerprint = hashlib.sha256(b"POST /v1/employer/postings\n" + body).hexdigest()
    principal = f"company:{employer.company_id}"
    store = container.idempotency()
    for key in ("killed-long-ago", "in-flight-now"):
        assert await store.reserve(principal, key, fingerprint) is None
    async with container.engine().begin() as connection:
        await connection.execute(
            text(
                "UPDATE idempotency_keys SET created_at = now() - interval '5 minutes'"
                " WHERE key = 'killed-long-ago'"
            )
        )

    async def draft(key: str) -> httpx.Response:
        headers = {**employer.headers, "Idempotency-Key": key, "Content-Type": "application/json"}
        return await client.post("/v1/employer/postings", content=body, headers=headers)

    retried = await draft("killed-long-ago")
    in_flight = await draft("in-flight-now")

    assert retried.status_code == 201, retried.text
    assert_problem(in_flight, 409, "request-in-progress")
    assert await _own_posting_ids(client, employer) == [retried.json()["id"]]
    assert (await draft("killed-long-ago")).headers["Idempotent-Replayed"] == "true"


async def test_an_answer_past_its_keeping_time_is_purged_and_its_key_runs_anew(
    client: httpx.AsyncClient, container: Container
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    first = await _draft_with_key(client, employer, "draft-0001")
    fresh = await _draft_with_key(client, employer, "draft-0002")
    async with container.engine().begin() as connection:
        await connection.execute(
            text(
                "UPDATE idempotency_keys SET created_at = now() - interval '25 hours'"
                " WHERE key = 'draft-0001'"
            )
        )

    again = await _draft_with_key(client, employer, "draft-0001")
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again.headers
    assert again.json()["id"] != first.json()["id"]
    async with container.engine().begin() as connection:
        await connection.execute(
            text("UPDATE idempotency_keys SET created_at = now() - interval '25 hours'")
        )
    assert await container.idempotency().purge() == 2
    async with container.engine().connect() as connection:
        left = await connection.scalar(text("SELECT count(*) FROM idempotency_keys"))
    assert left == 0
    assert fresh.status_code == 201


async def test_a_sign_up_key_reused_for_another_company_answers_422(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "signup-0001"}
    await client.post("/v1/companies", json={"name": "Acme Ltd", "country": "GB"}, headers=headers)

    other = await client.post(
        "/v1/companies", json={"name": "Other Ltd", "country": "FR"}, headers=headers
    )

    assert_problem(other, 422, "idempotency-key-reused")
