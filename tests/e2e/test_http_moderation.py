"""Moderation end to end, over HTTP on PostgreSQL: a new company's first posting waits for
review, is rejected, revised, resubmitted and approved; three reports send a public posting
back to review (off the board, a tombstone in the changes feed); reports are one per
address, stored as keyed hashes; and every admin act of the scenarios is in the audit log.

The board here runs the default policy (a company verified under 14 days ago has its first
posting reviewed), not the general tests' (JOBBOARD_MODERATION_NEW_COMPANY_DAYS=0)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.settings import Settings
from e2e.board import (
    Employer,
    assert_problem,
    draft,
    own_posting,
    publish,
    until_gone,
    until_public,
    verified_employer,
)
from e2e_support import admin_bearer, board_client


@pytest.fixture
async def container(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        projector_poll_seconds=0.2,
        moderation_first_postings=1,
        moderation_new_company_days=14,
        moderation_report_threshold=3,
    )
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with board_client(container) as client:
        yield client


@pytest.fixture
async def admin(container: Container) -> dict[str, str]:
    return await admin_bearer(container)


@asynccontextmanager
async def from_address(container: Container, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """A candidate's client calling from ``address`` (the app the ASGI transport sees)."""
    transport = httpx.ASGITransport(app=cast(Any, create_app(container)), client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://jobboard.test") as c:
        yield c


async def _ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def _queue(client: httpx.AsyncClient, admin: dict[str, str]) -> list[dict[str, Any]]:
    body = await _ok(await client.get("/v1/admin/moderation", headers=admin))
    items: list[dict[str, Any]] = body["items"]
    return items


async def _audited(
    client: httpx.AsyncClient, admin: dict[str, str], aggregate_id: str
) -> list[tuple[str, str]]:
    """(act, actor id) of the log's entries about one aggregate, oldest first."""
    body = await _ok(
        await client.get(f"/v1/admin/audit?aggregate_id={aggregate_id}&limit=100", headers=admin)
    )
    return [(e["act"], e["actor"]["id"]) for e in reversed(body["items"])]


async def _admin_key_id(client: httpx.AsyncClient, admin: dict[str, str]) -> str:
    """The id the audit log names the test's admin key by (it verified the company)."""
    body = await _ok(await client.get("/v1/admin/audit?limit=100", headers=admin))
    ids = {e["actor"]["id"] for e in body["items"] if e["act"] == "verify_company"}
    assert len(ids) == 1, body
    return str(ids.pop())


async def test_a_new_companys_first_posting_is_reviewed_rejected_revised_and_approved(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin, "Fresh Start Ltd")
    created = await draft(client, employer)
    posting_id = created.json()["id"]

    submitted = await _ok(await publish(client, employer, posting_id))

    assert submitted["status"] == "in_review"
    assert submitted["published_at"] is None
    assert submitted["moderation"]["review_reasons"] == ["new_company"]
    assert (await client.get(f"/v1/postings/{posting_id}")).status_code == 404
    queued = await _queue(client, admin)
    assert [(i["posting_id"], i["reasons"]) for i in queued] == [(posting_id, ["new_company"])]
    assert queued[0]["company_name"] == "Fresh Start Ltd"

    # A reason outside the fixed list is refused, naming the field; nothing changes.
    wrong = await client.post(
        f"/v1/admin/postings/{posting_id}/reject",
        json={"reason": "ugly", "note": "no"},
        headers=admin,
    )
    assert_problem(wrong, 422, "invariant-violated", fields={"reason"})
    rejected = await _ok(
        await client.post(
            f"/v1/admin/postings/{posting_id}/reject",
            json={"reason": "misleading", "note": "State the salary you will pay."},
            headers=admin,
        )
    )
    assert rejected["status"] == "rejected"

    # The employer sees why, revises and publishes again: back to review, as resubmitted.
    seen = (await own_posting(client, employer, posting_id)).json()
    assert seen["status"] == "rejected"
    assert seen["moderation"]["rejection_reason"] == "misleading"
    assert seen["moderation"]["rejection_note"] == "State the salary you will pay."
    revised = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"salary": {"min": 60000, "max": 70000, "currency": "GBP", "period": "year"}},
        headers={
            **employer.headers,
            "If-Match": (await own_posting(client, employer, posting_id)).headers["ETag"],
        },
    )
    assert revised.status_code == 200, revised.text
    resubmitted = await _ok(await publish(client, employer, posting_id))
    assert resubmitted["status"] == "in_review"
    assert "resubmitted_after_rejection" in resubmitted["moderation"]["review_reasons"]
    assert [i["posting_id"] for i in await _queue(client, admin)] == [posting_id]

    before = datetime.now().astimezone()
    approved = await _ok(
        await client.post(f"/v1/admin/postings/{posting_id}/approve", headers=admin)
    )

    assert approved["status"] == "published"
    went_public = datetime.fromisoformat(approved["published_at"])
    assert went_public >= before
    detail = await until_public(client, posting_id)
    assert datetime.fromisoformat(detail["published_at"]) == went_public
    for path in ("/v1/postings/feed.atom", "/sitemap.xml"):
        assert posting_id in (await client.get(path)).text, path
    assert detail["salary"]["min"] == 60000
    assert await _queue(client, admin) == []
    # Approving twice is a conflict, not a second publication.
    again = await client.post(f"/v1/admin/postings/{posting_id}/approve", headers=admin)
    assert_problem(again, 409, "invalid-transition")

    # Its second posting is past the first N: public at once.
    second = await _ok(
        await publish(client, employer, (await draft(client, employer)).json()["id"])
    )
    assert second["status"] == "published"
    assert second["moderation"] is None

    actor = await _admin_key_id(client, admin)
    assert await _audited(client, admin, posting_id) == [
        ("reject_posting", actor),
        ("approve_posting", actor),
    ]


async def _public_posting(
    client: httpx.AsyncClient, admin: dict[str, str], employer: Employer
) -> str:
    posting_id: str = (await draft(client, employer)).json()["id"]
    if (await _ok(await publish(client, employer, posting_id)))["status"] == "in_review":
        await _ok(await client.post(f"/v1/admin/postings/{posting_id}/approve", headers=admin))
    await until_public(client, posting_id)
    return posting_id


async def _report(
    container: Container, address: str, posting_id: str, reason: str = "scam"
) -> httpx.Response:
    async with from_address(container, address) as candidate:
        return await candidate.post(
            f"/v1/postings/{posting_id}/reports",
            json={"reason": reason, "note": "Asks for a fee to apply."},
        )


async def _changes(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    body = await _ok(await client.get("/v1/postings/changes?limit=1000"))
    changes: list[dict[str, Any]] = body["changes"]
    return changes


async def test_three_reports_send_a_public_posting_back_to_review(
    container: Container,
    client: httpx.AsyncClient,
    admin: dict[str, str],
    engine: AsyncEngine,
) -> None:
    employer = await verified_employer(client, admin, "Reported Co")
    posting_id = await _public_posting(client, admin, employer)

    first = await _report(container, "203.0.113.7", posting_id)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "open"
    # One report per address and posting; a bad reason names the field; an unknown
    # posting is 404.
    assert_problem(await _report(container, "203.0.113.7", posting_id), 409, "already-exists")
    assert_problem(
        await _report(container, "203.0.113.8", posting_id, reason="boring"),
        422,
        "invariant-violated",
        fields={"reason"},
    )
    unknown = await _report(container, "203.0.113.8", "0191f6a0-0000-7000-8000-000000000000")
    assert_problem(unknown, 404, "not-found")
    second = await _report(container, "203.0.113.8", posting_id, reason="misleading")
    assert second.status_code == 201, second.text
    assert (await own_posting(client, employer, posting_id)).json()["status"] == "published"

    third = await _report(container, "198.51.100.20", posting_id)
    assert third.status_code == 201, third.text

    seen = (await own_posting(client, employer, posting_id)).json()
    assert seen["status"] == "in_review"
    assert seen["moderation"]["review_reasons"] == ["reported"]
    await until_gone(client, posting_id)
    # Off every public surface: the feeds and the sitemap follow the read model.
    for path in ("/v1/postings/feed.atom", "/v1/postings/feed.rss", "/sitemap.xml"):
        surface = await client.get(path)
        assert surface.status_code == 200, (path, surface.text)
        assert posting_id not in surface.text, path
    tombstones = [c for c in await _changes(client) if c["id"] == posting_id]
    assert [(c["change"], c.get("reason")) for c in tombstones] == [("removed", "in_review")]
    queued = await _queue(client, admin)
    assert [(i["posting_id"], i["reasons"], i["open_reports"]) for i in queued] == [
        (posting_id, ["reported"], 3)
    ]
    # A posting that is not public cannot be reported.
    assert_problem(await _report(container, "192.0.2.1", posting_id), 404, "not-found")

    listed = (
        await _ok(await client.get(f"/v1/admin/postings/{posting_id}/reports", headers=admin))
    )["items"]
    assert [(r["reason"], r["status"]) for r in listed] == [
        ("scam", "open"),
        ("misleading", "open"),
        ("scam", "open"),
    ]
    assert all(
        set(r) == {"id", "posting_id", "reason", "note", "status", "created_at", "closed_at"}
        for r in listed
    )
    # The addresses are nowhere in the database: only their keyed hashes.
    async with engine.connect() as connection:
        stored = (
            await connection.execute(
                text("SELECT reporter_hash, note FROM posting_reports WHERE posting_id = :p"),
                {"p": posting_id},
            )
        ).all()
        dumped = (await connection.execute(text("SELECT payload::text FROM outbox"))).scalars()
        outbox = " ".join(dumped)
    assert len({h for h, _ in stored}) == 3
    assert all(len(h) == 64 and "203.0.113" not in h for h, _ in stored)
    assert "203.0.113" not in outbox and "198.51.100" not in outbox

    dismissed = await _ok(
        await client.post(f"/v1/admin/reports/{listed[0]['id']}/dismiss", headers=admin)
    )
    assert dismissed["status"] == "dismissed"
    assert_problem(
        await client.post(f"/v1/admin/reports/{listed[0]['id']}/dismiss", headers=admin),
        409,
        "invalid-transition",
    )
    taken = await client.post(
        f"/v1/admin/postings/{posting_id}/take-down", json={"reason": "a scam"}, headers=admin
    )
    assert taken.status_code == 200, taken.text
    after = (
        await _ok(await client.get(f"/v1/admin/postings/{posting_id}/reports", headers=admin))
    )["items"]
    assert [r["status"] for r in after] == ["dismissed", "resolved", "resolved"]
    assert await _queue(client, admin) == []

    actor = await _admin_key_id(client, admin)
    assert await _audited(client, admin, posting_id) == [
        ("approve_posting", actor),  # the company's first posting, reviewed
        ("take_down_posting", actor),
    ]
    assert await _audited(client, admin, listed[0]["id"]) == [("dismiss_report", actor)]
