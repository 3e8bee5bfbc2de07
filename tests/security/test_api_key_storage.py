"""API keys: stored only as digests, revocable, and rotatable, the first one included."""

from __future__ import annotations

import hashlib

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from e2e.board import assert_problem
from e2e_support import bearer


async def test_the_database_holds_a_digest_of_each_key_and_never_the_key(
    client: httpx.AsyncClient, clean_database: AsyncEngine
) -> None:
    signup = await client.post("/v1/companies", json={"name": "Hashed", "country": "GB"})
    key = signup.json()["api_key"]
    second = await client.post("/v1/employer/api-keys", headers=bearer(key))

    async with clean_database.connect() as connection:
        rows = (
            await connection.execute(text("SELECT key_hash, row_to_json(k)::text FROM api_keys k"))
        ).all()
        events = (
            (await connection.execute(text("SELECT payload::text FROM outbox"))).scalars().all()
        )

    digests = {row[0] for row in rows}
    for plain in (key, second.json()["api_key"]):
        assert hashlib.sha256(plain.encode()).hexdigest() in digests
        assert not any(plain in row[1] for row in rows)
        assert not any(plain in payload for payload in events)


async def test_a_company_rotates_its_first_key_out(client: httpx.AsyncClient) -> None:
    signup = await client.post("/v1/companies", json={"name": "Rotating", "country": "GB"})
    first, first_id = signup.json()["api_key"], signup.json()["api_key_id"]
    issued = await client.post("/v1/employer/api-keys", headers=bearer(first))
    second = issued.json()["api_key"]

    revoked = await client.delete(f"/v1/employer/api-keys/{first_id}", headers=bearer(second))

    assert revoked.status_code == 204
    assert_problem(
        await client.get("/v1/employer/company", headers=bearer(first)), 401, "unauthenticated"
    )
    mine = await client.get("/v1/employer/company", headers=bearer(second))
    assert mine.json()["id"] == signup.json()["company"]["id"]
