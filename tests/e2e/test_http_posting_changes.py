"""Incremental sync over HTTP: an aggregator reads the whole board from the start, then
only what changed since its token (published, changed, removed with a reason), and a
token older than the tombstones kept is told to copy the board afresh (410)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text

from adapters.container import Container
from adapters.postgres.public_changes import PurgeTombstones
from e2e.board import (
    assert_problem,
    own_posting,
    published,
    suspend,
    until_gone,
    until_listed,
    verified_employer,
)
from e2e_support import eventually


async def read_all(
    client: httpx.AsyncClient, since: str | None = None, limit: int = 2
) -> tuple[list[dict[str, Any]], str]:
    """Every change since ``since``, following next_token page by page."""
    changes: list[dict[str, Any]] = []
    while True:
        query = {"limit": str(limit)} | ({"since": since} if since else {})
        response = await client.get("/v1/postings/changes", params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        changes += body["changes"]
        since = body["next_token"]
        if not body["more"]:
            return changes, since


async def until_changes(
    client: httpx.AsyncClient, since: str, count: int
) -> tuple[list[dict[str, Any]], str]:
    """Wait until at least ``count`` changes follow ``since`` (the log is projected)."""

    async def probe() -> tuple[list[dict[str, Any]], str]:
        return await read_all(client, since)

    return await eventually(probe, lambda found: len(found[0]) >= count)


async def test_from_the_start_then_from_a_token_the_log_tells_each_change_once(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Syncable Ltd")
    kept = await published(client, employer, title="Kept engineer")
    closed = await published(client, employer, title="Closed engineer")
    taken = await published(client, employer, title="Taken engineer")
    await until_listed(client, {kept, closed, taken})

    everything, token = await read_all(client)

    assert [(c["id"], c["change"]) for c in everything] == [
        (kept, "published"),
        (closed, "published"),
        (taken, "published"),
    ]
    assert everything[0]["posting"]["title"] == "Kept engineer"

    etag = (await own_posting(client, employer, kept)).headers["etag"]
    revised = await client.patch(
        f"/v1/employer/postings/{kept}",
        json={"title": "Kept staff engineer"},
        headers={**employer.headers, "If-Match": etag},
    )
    assert revised.status_code == 200, revised.text
    closing = await client.post(f"/v1/employer/postings/{closed}/close", headers=employer.headers)
    assert closing.status_code == 200, closing.text
    taking = await client.post(
        f"/v1/admin/postings/{taken}/take-down", json={"reason": "spam"}, headers=admin_headers
    )
    assert taking.status_code == 200, taking.text

    since, token = await until_changes(client, token, 3)

    assert {c["id"]: c["change"] for c in since} == {
        kept: "changed",
        closed: "removed",
        taken: "removed",
    }
    by_id = {c["id"]: c for c in since}
    assert by_id[kept]["posting"]["title"] == "Kept staff engineer"
    assert by_id[closed]["reason"] == "closed"
    assert by_id[taken]["reason"] == "taken_down"
    assert set(by_id[taken]) == {"id", "change", "removed_at", "reason"}
    # Nothing new: an empty page that keeps the token.
    assert await read_all(client, token) == ([], token)


async def test_a_suspended_company_s_postings_leave_with_that_reason(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Suspendable Ltd")
    posting = await published(client, employer)
    await until_listed(client, {posting})
    _, token = await read_all(client)

    await suspend(client, admin_headers, employer)
    await until_gone(client, posting)
    since, _ = await until_changes(client, token, 1)

    assert [(c["id"], c["change"], c["reason"]) for c in since] == [
        (posting, "removed", "company_suspended")
    ]


async def test_a_token_older_than_the_tombstones_kept_must_copy_the_board_afresh(
    client: httpx.AsyncClient, admin_headers: dict[str, str], container: Container
) -> None:
    employer = await verified_employer(client, admin_headers, "Forgetful Ltd")
    gone = await published(client, employer, title="Soon gone")
    await until_listed(client, {gone})
    _, old_token = await read_all(client)
    await client.post(f"/v1/employer/postings/{gone}/close", headers=employer.headers)
    await until_changes(client, old_token, 1)
    stays = await published(client, employer, title="Stays")
    await until_listed(client, {stays})
    _, fresh_token = await read_all(client)

    async with container.engine().begin() as connection:
        await connection.execute(
            text(
                "UPDATE public_posting_changes SET changed_at = now() - interval '40 days'"
                " WHERE change = 'removed'"
            )
        )
        await PurgeTombstones(retention_days=30)(connection)

    expired = await client.get("/v1/postings/changes", params={"since": old_token})
    assert_problem(expired, 410, "resync-required")
    # A token past the purge resumes, and the board read afresh has no tombstone left.
    assert (await client.get("/v1/postings/changes", params={"since": fresh_token})).is_success
    everything, _ = await read_all(client)
    assert [(c["id"], c["change"]) for c in everything] == [(stays, "published")]


async def test_a_token_the_board_never_handed_out_is_refused_naming_since(
    client: httpx.AsyncClient,
) -> None:
    for forged in ("garbage", "YzE6OTk5OTk5", "YzE6LTE", "x" * 300):  # c1:999999, c1:-1
        response = await client.get("/v1/postings/changes", params={"since": forged})
        assert_problem(response, 400, "invalid-parameter")
        assert "since" in response.text
    too_many = await client.get("/v1/postings/changes", params={"limit": "5000"})
    assert too_many.status_code == 400
