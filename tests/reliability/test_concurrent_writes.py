"""Races: many writers at once end in one legal state, with exactly the events it took."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from e2e.board import Employer, assert_problem, draft, own_posting, sign_up, verified_employer
from e2e_support import posting_body

# Which posting events may follow which status; every other order is illegal.
NEXT_STATUS = {
    "PostingPublished": ({"draft"}, "published"),
    "PostingClosed": ({"published"}, "closed"),
    "PostingTakenDown": ({"draft", "published", "closed", "expired"}, "taken_down"),
}


async def _events(engine: AsyncEngine, posting_id: str) -> list[tuple[int, str]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT aggregate_version, event_type FROM outbox"
                " WHERE aggregate_id = :id ORDER BY id"
            ),
            {"id": posting_id},
        )
        return [(row[0], row[1]) for row in rows]


async def test_fifty_revisions_with_one_if_match_let_exactly_one_win(
    client: httpx.AsyncClient, clean_database: AsyncEngine
) -> None:
    employer = await sign_up(client, "Racing Ltd")
    created = await draft(client, employer)
    posting_id, tag = created.json()["id"], created.headers["ETag"]

    async def revise(n: int) -> httpx.Response:
        return await client.patch(
            f"/v1/employer/postings/{posting_id}",
            json={"title": f"Backend Engineer {n}"},
            headers={**employer.headers, "If-Match": tag},
        )

    responses = await asyncio.gather(*(revise(n) for n in range(50)))

    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 1, 412: 49}, statuses
    winner = next(r for r in responses if r.status_code == 200)
    for loser in (r for r in responses if r.status_code == 412):
        assert_problem(loser, 412, "stale-version")
    final = (await own_posting(client, employer, posting_id)).json()
    assert final["title"] == winner.json()["title"]
    assert final["version"] == winner.json()["version"] == created.json()["version"] + 1
    events = await _events(clean_database, posting_id)
    assert [e for _, e in events] == ["PostingDrafted", "PostingRevised"]


async def test_twenty_creates_with_one_idempotency_key_make_one_posting(
    client: httpx.AsyncClient, clean_database: AsyncEngine
) -> None:
    employer = await sign_up(client, "Retrying Ltd")
    headers = {**employer.headers, "Idempotency-Key": "create-once-7f3a"}

    responses = await asyncio.gather(
        *(
            client.post("/v1/employer/postings", json=posting_body(), headers=headers)
            for _ in range(20)
        )
    )

    created = [r for r in responses if r.status_code == 201]
    assert created, [r.text for r in responses]
    assert len({r.json()["id"] for r in created}) == 1
    for other in (r for r in responses if r.status_code != 201):
        assert_problem(other, 409, "request-in-progress")
    listing = await client.get("/v1/employer/postings", headers=employer.headers)
    assert [p["id"] for p in listing.json()["items"]] == [created[0].json()["id"]]
    async with clean_database.connect() as connection:
        drafted = await connection.scalar(
            text("SELECT count(*) FROM outbox WHERE event_type = 'PostingDrafted'")
        )
    assert drafted == 1


async def _race(
    client: httpx.AsyncClient, employer: Employer, admin: dict[str, str], posting_id: str
) -> dict[str, httpx.Response]:
    base = f"/v1/employer/postings/{posting_id}"
    acts: dict[str, Any] = {
        "publish": client.post(f"{base}/publish", headers=employer.headers),
        "close": client.post(f"{base}/close", headers=employer.headers),
        "take_down": client.post(
            f"/v1/admin/postings/{posting_id}/take-down",
            json={"reason": "spam"},
            headers=admin,
        ),
    }
    answers = await asyncio.gather(*acts.values())
    return dict(zip(acts, answers, strict=True))


async def test_publish_close_and_take_down_races_end_in_a_legal_state_with_matching_events(
    client: httpx.AsyncClient, admin_headers: dict[str, str], clean_database: AsyncEngine
) -> None:
    employer = await verified_employer(client, admin_headers, "Contested Ltd")
    postings = [(await draft(client, employer)).json()["id"] for _ in range(8)]

    for posting_id in postings:
        answers = await _race(client, employer, admin_headers, posting_id)

        for name, answer in answers.items():
            assert answer.status_code in (200, 409), (name, answer.text)
        final = (await own_posting(client, employer, posting_id)).json()
        events = await _events(clean_database, posting_id)
        versions = [version for version, _ in events]
        assert versions == list(range(1, len(events) + 1)), events  # no gap, no double
        status = "draft"
        for _, event in events[1:]:
            allowed_from, status_after = NEXT_STATUS[event]
            assert status in allowed_from, (events, final)
            status = status_after
        assert final["status"] == status
        assert final["version"] == versions[-1]
        # Every 200 made exactly one event; every 409 made none.
        made = Counter(event for _, event in events[1:])
        succeeded = {name for name, answer in answers.items() if answer.status_code == 200}
        expected = Counter(
            {"publish": "PostingPublished", "close": "PostingClosed"}.get(n, "PostingTakenDown")
            for n in succeeded
        )
        assert made == expected, (answers, events)


async def test_concurrent_drafts_naming_the_same_new_requirement_all_succeed_with_one_entry(
    client: httpx.AsyncClient, clean_database: AsyncEngine
) -> None:
    employer = await sign_up(client, "Zig Shop")
    body = posting_body(requirements=[{"name": "Zig", "importance": "must"}])

    responses = await asyncio.gather(
        *(
            client.post("/v1/employer/postings", json=body, headers=employer.headers)
            for _ in range(10)
        )
    )

    assert [r.status_code for r in responses] == [201] * 10, [r.text for r in responses]
    async with clean_database.connect() as connection:
        entries = await connection.scalar(
            text("SELECT count(*) FROM requirements WHERE name = 'Zig'")
        )
    assert entries == 1
