"""A write answers the posting as a read right after it shows it.

Publish, revise and close answer from the unit of work that made the change,
not from a second read: these pin that the answer is the stored posting, field
for field (times in UTC, amounts as stored, requirement names from the catalogue).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import httpx

from e2e.board import draft, own_posting, publish, verified_employer


def _same_as_a_read(answer: httpx.Response, read: httpx.Response) -> None:
    assert answer.status_code == 200, answer.text
    assert answer.json() == read.json()
    assert answer.headers["etag"] == read.headers["etag"]


async def test_publish_revise_and_close_answer_what_a_read_then_shows(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Answering Ltd")
    posting_id = (
        await draft(
            client,
            employer,
            salary={"min": 70000.5, "max": 90000, "currency": "GBP", "period": "year"},
        )
    ).json()["id"]
    in_berlin = (datetime.now(UTC) + timedelta(days=20)).astimezone(timezone(timedelta(hours=2)))

    published = await publish(client, employer, posting_id, valid_through=in_berlin.isoformat())
    _same_as_a_read(published, await own_posting(client, employer, posting_id))
    assert published.json()["status"] == "published"

    revised = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={
            "title": "Principal Backend Engineer",
            "requirements": [{"name": "Rust", "importance": "must"}, {"name": "Python"}],
        },
        headers={**employer.headers, "If-Match": published.headers["etag"]},
    )
    _same_as_a_read(revised, await own_posting(client, employer, posting_id))
    assert [r["name"] for r in revised.json()["requirements"]] == ["Rust", "Python"]

    closed = await client.post(
        f"/v1/employer/postings/{posting_id}/close",
        headers={**employer.headers, "If-Match": revised.headers["etag"]},
    )
    _same_as_a_read(closed, await own_posting(client, employer, posting_id))
    assert closed.json()["status"] == "closed"
