"""Admins prove the read models right, and rebuild them from the write side."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text

from adapters.container import Container
from e2e.board import (
    own_posting,
    public_detail,
    public_ids,
    published,
    suspend,
    until_gone,
    until_listed,
    until_public,
    verified_employer,
)
from e2e_support import eventually

CONSISTENT = {"consistent": True, "differences": []}


async def _verify(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, Any]:
    response = await client.get("/v1/admin/read-models/verify", headers=admin)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def _activity(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, str]:
    """A busy morning on the board; answers the postings that end up public, by title."""
    alpha = await verified_employer(client, admin, "Alpha")
    beta = await verified_employer(client, admin, "Beta")
    requirement = await client.post(
        "/v1/admin/requirements", json={"name": "Golang", "kind": "skill"}, headers=admin
    )
    target = await client.post(
        "/v1/admin/requirements", json={"name": "Go", "kind": "skill"}, headers=admin
    )
    revised = await published(client, alpha, title="Revised")
    closed = await published(client, alpha, title="Closed")
    taken_down = await published(client, beta, title="Taken down")
    go = await published(client, beta, title="Go", requirements=[{"name": "golang"}])
    etag = (await own_posting(client, alpha, revised)).headers["ETag"]
    await client.patch(
        f"/v1/employer/postings/{revised}",
        json={"title": "Revised twice", "salary": None},
        headers={**alpha.headers, "If-Match": etag},
    )
    await client.post(f"/v1/employer/postings/{closed}/close", headers=alpha.headers)
    await client.post(
        f"/v1/admin/postings/{taken_down}/take-down", json={"reason": "spam"}, headers=admin
    )
    await suspend(client, admin, alpha)
    await until_gone(client, revised)
    await client.post(f"/v1/admin/companies/{alpha.company_id}/reinstate", headers=admin)
    await client.patch("/v1/employer/company", json={"name": "Beta Group"}, headers=beta.headers)
    await client.post(
        f"/v1/admin/requirements/{requirement.json()['id']}/merge",
        json={"into": target.json()["id"]},
        headers=admin,
    )

    async def settled() -> list[Any]:
        return [
            await public_ids(client),
            (await public_detail(client, go)).json(),
            (await public_detail(client, revised)).json(),
        ]

    await eventually(
        settled,
        lambda seen: (
            sorted(seen[0]) == sorted([revised, go])
            and seen[1]["company"]["name"] == "Beta Group"
            and [r["name"] for r in seen[1]["requirements"]] == ["Go"]
            and seen[2].get("title") == "Revised twice"
        ),
    )
    return {"Revised twice": revised, "Go": go}


async def test_the_read_models_verify_consistent_after_a_busy_morning(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    await _activity(client, admin_headers)

    assert await _verify(client, admin_headers) == CONSISTENT


async def test_the_read_models_verify_consistent_on_an_empty_board(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    assert await _verify(client, admin_headers) == CONSISTENT


async def test_a_rebuild_answers_the_rows_it_wrote_and_changes_nothing_visible(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    public = await _activity(client, admin_headers)
    before = {posting_id: await until_public(client, posting_id) for posting_id in public.values()}
    listed = await public_ids(client)

    response = await client.post("/v1/admin/read-models/rebuild", headers=admin_headers)

    assert response.status_code == 200, response.text
    assert response.json()["rebuilt"]["public_postings"] == len(public)
    assert await _verify(client, admin_headers) == CONSISTENT
    assert await public_ids(client) == listed
    for posting_id, detail in before.items():
        assert (await public_detail(client, posting_id)).json() == detail


async def test_verify_reports_a_damaged_read_model_and_a_rebuild_repairs_it(
    client: httpx.AsyncClient, admin_headers: dict[str, str], container: Container
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    lost = await published(client, employer, title="Lost")
    garbled = await published(client, employer, title="Garbled")
    intact = await published(client, employer, title="Intact")
    await until_listed(client, {lost, garbled, intact})
    async with container.engine().begin() as connection:
        await connection.execute(text("DELETE FROM public_postings WHERE id = :id"), {"id": lost})
        await connection.execute(
            text("UPDATE public_postings SET title = 'Gibberish' WHERE id = :id"), {"id": garbled}
        )

    damaged = await _verify(client, admin_headers)

    assert damaged["consistent"] is False
    rows = [d for d in damaged["differences"] if d["read_model"] == "public_postings"]
    assert sorted(rows, key=lambda d: d["problem"]) == [
        {"read_model": "public_postings", "key": lost, "problem": "missing"},
        {"read_model": "public_postings", "key": garbled, "problem": "stale"},
    ]
    # The counts follow the damaged table, so they are one posting short of the write side.
    counts = {d["key"]: d["problem"] for d in damaged["differences"] if d not in rows}
    assert counts["language:en:en"] == "stale"
    assert set(counts.values()) == {"stale"}

    rebuilt = await client.post("/v1/admin/read-models/rebuild", headers=admin_headers)

    assert rebuilt.json()["rebuilt"]["public_postings"] == 3
    assert await _verify(client, admin_headers) == CONSISTENT
    assert (await public_detail(client, garbled)).json()["title"] == "Garbled"
    assert sorted(await public_ids(client)) == sorted([lost, garbled, intact])


async def test_verify_reports_a_public_row_the_write_side_no_longer_backs(
    client: httpx.AsyncClient, admin_headers: dict[str, str], container: Container
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = await published(client, employer)
    await until_public(client, posting_id)
    async with container.engine().begin() as connection:
        # Behind the board's back: no event, so the projector never hears of it.
        await connection.execute(
            text("UPDATE postings SET status = 'closed' WHERE id = :id"), {"id": posting_id}
        )

    damaged = await _verify(client, admin_headers)

    assert damaged["consistent"] is False
    rows = [d for d in damaged["differences"] if d["read_model"] == "public_postings"]
    assert rows == [{"read_model": "public_postings", "key": posting_id, "problem": "unexpected"}]
    # The board's only posting still counts, though the write side no longer backs it.
    counts = {d["key"]: d["problem"] for d in damaged["differences"] if d not in rows}
    assert counts["language:en:en"] == "unexpected"
    assert set(counts.values()) == {"unexpected"}
    await client.post("/v1/admin/read-models/rebuild", headers=admin_headers)
    assert await _verify(client, admin_headers) == CONSISTENT
    assert await public_ids(client) == []
