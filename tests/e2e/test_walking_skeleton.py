"""The board's whole loop over HTTP: sign up, verify, draft, revise, publish, see, close."""

from __future__ import annotations

from typing import Any

import httpx

from e2e_support import bearer, eventually, posting_body


async def test_a_posting_travels_from_draft_to_the_public_board_and_off_it(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    signup = await client.post(
        "/v1/companies", json={"name": "Acme Ltd", "country": "GB", "website": "https://acme.test"}
    )
    assert signup.status_code == 201, signup.text
    company = signup.json()["company"]
    employer = bearer(signup.json()["api_key"])
    assert company["status"] == "pending"

    verified = await client.post(
        f"/v1/admin/companies/{company['id']}/verify", headers=admin_headers
    )
    assert verified.json()["status"] == "verified"

    draft = await client.post("/v1/employer/postings", json=posting_body(), headers=employer)
    assert draft.status_code == 201, draft.text
    posting_id = draft.json()["id"]

    revised = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"title": "Staff Backend Engineer"},
        headers={**employer, "If-Match": draft.headers["ETag"]},
    )
    assert revised.status_code == 200, revised.text
    assert revised.headers["ETag"] != draft.headers["ETag"]

    published = await client.post(f"/v1/employer/postings/{posting_id}/publish", headers=employer)
    assert published.status_code == 200, published.text

    async def public_ids() -> list[str]:
        listing: dict[str, Any] = (await client.get("/v1/postings")).json()
        return [item["id"] for item in listing["items"]]

    assert posting_id in await eventually(public_ids, lambda ids: posting_id in ids)
    detail = (await client.get(f"/v1/postings/{posting_id}")).json()
    assert detail["title"] == "Staff Backend Engineer"
    assert detail["company"] == {"name": "Acme Ltd", "slug": "acme-ltd"}

    closed = await client.post(f"/v1/employer/postings/{posting_id}/close", headers=employer)
    assert closed.json()["status"] == "closed"
    assert await eventually(public_ids, lambda ids: posting_id not in ids) == []
    assert (await client.get(f"/v1/postings/{posting_id}")).status_code == 404
