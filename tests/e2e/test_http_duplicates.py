"""Duplicates and reposts over HTTP: a company's repost of its recent ad is refused with
409 /problems/repost naming earlier_posting_id, a different role of the same company
passes, and another company's clone is not refused but held for review, flagged in the
outbox and in the moderation queue."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from e2e.board import assert_problem, draft, own_posting, publish, published, verified_employer
from near_duplicate_texts import (
    busuu,
    busuu_different_role,
    with_new_date_line,
    with_reordered_lines,
)


async def test_a_repost_is_refused_naming_the_earlier_posting(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Busuu")
    first = await published(client, employer, description=busuu())
    again = (await draft(client, employer, description=with_reordered_lines(
        with_new_date_line(busuu())
    ))).json()["id"]  # fmt: skip

    response = await publish(client, employer, again)

    body = assert_problem(response, 409, "repost")
    assert body["earlier_posting_id"] == first
    assert "revise or reopen that one instead" in body["detail"]
    assert body["instance"] == f"/v1/employer/postings/{again}/publish"
    assert (await own_posting(client, employer, again)).json()["status"] == "draft"


async def test_a_different_role_of_the_same_company_passes(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Busuu")
    await published(client, employer, description=busuu())
    designer = (
        await draft(
            client, employer, title="Senior Product Designer", description=busuu_different_role()
        )
    ).json()["id"]

    response = await publish(client, employer, designer)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "published"


async def test_another_companys_clone_waits_for_review_flagged_in_the_outbox(
    client: httpx.AsyncClient, admin_headers: dict[str, str], clean_database: AsyncEngine
) -> None:
    original_company = await verified_employer(client, admin_headers, "Busuu")
    copycat = await verified_employer(client, admin_headers, "Busuu Careers Worldwide")
    original = await published(client, original_company, description=busuu())

    clone = (await draft(client, copycat, description=with_new_date_line(busuu()))).json()["id"]

    response = await publish(client, copycat, clone)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "in_review"
    queue = await client.get("/v1/admin/moderation", headers=admin_headers)
    assert queue.status_code == 200, queue.text
    [held] = [item for item in queue.json()["items"] if item["posting_id"] == clone]
    assert held["reasons"] == ["flagged_as_possible_clone"]

    async with clean_database.connect() as connection:
        row = (
            await connection.execute(
                text(
                    "SELECT payload FROM outbox WHERE aggregate_id = :p"
                    " AND event_type = 'PostingFlaggedAsPossibleClone'"
                ),
                {"p": clone},
            )
        ).one()
    assert row[0]["original_posting_id"] == original
    assert row[0]["original_company_id"] == original_company.company_id
    assert row[0]["company_id"] == copycat.company_id
    assert 0.8 <= row[0]["similarity"] <= 1.0
