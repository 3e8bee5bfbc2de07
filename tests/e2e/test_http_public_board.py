"""What candidates see: only public postings, filtered and paged, eventually consistent."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from e2e.board import (
    assert_problem,
    draft,
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

SUMMARY_FIELDS = {
    "id",
    "title",
    "company",
    "language",
    "locations",
    "workplace",
    "employment_type",
    "seniority",
    "salary",
    "requirements",
    "published_at",
    "valid_through",
}
DETAIL_FIELDS = SUMMARY_FIELDS | {"description", "responsibilities", "benefits"}


async def test_a_published_posting_appears_in_the_list_and_in_full(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = await published(client, employer)

    listed = await until_listed(client, {posting_id})
    detail = await until_public(client, posting_id)

    assert listed == [posting_id]
    summary = (await client.get("/v1/postings")).json()["items"][0]
    assert set(summary) >= SUMMARY_FIELDS
    assert summary["company"] == {"name": "Acme Ltd", "slug": "acme-ltd"}
    assert summary["requirements"] == ["Python", "PostgreSQL"]
    assert summary["salary"] == {"min": 70000, "max": 90000, "currency": "GBP", "period": "year"}
    assert set(detail) >= DETAIL_FIELDS
    assert detail["id"] == posting_id
    assert detail["description"] == "Build and run the APIs behind our product."
    assert detail["requirements"][0] == {
        "name": "Python",
        "kind": "skill",
        "importance": "must",
        "min_years": 4,
        "detail": None,
    }


async def test_an_unknown_posting_answers_404(client: httpx.AsyncClient) -> None:
    response = await public_detail(client, "01a20fc5-0000-7000-8000-000000000000")

    assert_problem(response, 404, "not-found")


async def test_a_draft_never_reaches_the_public_board(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    draft_id = (await draft(client, employer, title="Still a draft")).json()["id"]
    # Published after the draft: once it is public, the projector has seen the draft too.
    later = await published(client, employer, title="Published later")

    assert await until_listed(client, {later}) == [later]
    assert_problem(await public_detail(client, draft_id), 404, "not-found")


async def test_suspending_a_company_removes_its_postings_and_reinstating_brings_them_back(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    alpha = await verified_employer(client, admin_headers, "Alpha")
    beta = await verified_employer(client, admin_headers, "Beta")
    alpha_ids = {await published(client, alpha), await published(client, alpha)}
    beta_id = await published(client, beta)
    await until_listed(client, alpha_ids | {beta_id})
    before = {i: await until_public(client, i) for i in alpha_ids}

    await suspend(client, admin_headers, alpha)

    for posting_id in alpha_ids:
        await until_gone(client, posting_id)
    assert await public_ids(client) == [beta_id]
    assert (await public_ids(client, "company=alpha")) == []

    reinstated = await client.post(
        f"/v1/admin/companies/{alpha.company_id}/reinstate", headers=admin_headers
    )

    assert reinstated.status_code == 200, reinstated.text
    assert set(await until_listed(client, alpha_ids)) == alpha_ids | {beta_id}
    for posting_id in alpha_ids:
        assert await until_public(client, posting_id) == before[posting_id]


async def test_an_admin_take_down_removes_a_posting_from_the_board(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    doomed = await published(client, employer, title="Doomed")
    kept = await published(client, employer, title="Kept")
    await until_listed(client, {doomed, kept})

    response = await client.post(
        f"/v1/admin/postings/{doomed}/take-down",
        json={"reason": "discriminatory wording"},
        headers=admin_headers,
    )

    assert response.status_code == 200, response.text
    assert response.json() == {"id": doomed, "status": "taken_down"}
    await until_gone(client, doomed)
    assert await public_ids(client) == [kept]
    assert (await own_posting(client, employer, doomed)).json()["status"] == "taken_down"
    again = await client.post(
        f"/v1/admin/postings/{doomed}/take-down", json={"reason": "again"}, headers=admin_headers
    )
    assert_problem(again, 409, "invalid-transition")


async def test_expiring_when_nothing_has_lapsed_expires_nothing(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = await published(client, employer)
    await until_public(client, posting_id)

    response = await client.post("/v1/admin/postings/expire", headers=admin_headers)

    assert response.status_code == 200, response.text
    assert response.json() == {"expired": 0}
    assert (await own_posting(client, employer, posting_id)).json()["status"] == "published"
    assert await public_ids(client) == [posting_id]


async def test_expiring_an_empty_board_expires_nothing(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post("/v1/admin/postings/expire", headers=admin_headers)

    assert response.status_code == 200
    assert response.json() == {"expired": 0}


@pytest.fixture
async def board(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> dict[str, str]:
    """Four public postings of two companies, published in this order; title -> id."""
    alpha = await verified_employer(client, admin_headers, "Alpha")
    beta = await verified_employer(client, admin_headers, "Beta")
    ids = {
        "A1": await published(client, alpha, title="A1"),
        "A2": await published(
            client,
            alpha,
            title="A2",
            language="fr",
            locations=[{"country": "FR", "city": "Paris"}],
            workplace="onsite",
            employment_type="part_time",
            seniority="junior",
            requirements=[{"name": "Python", "importance": "must"}],
        ),
        "B1": await published(
            client,
            beta,
            title="B1",
            workplace="remote",
            locations=[],
            remote_countries=["DE"],
            employment_type="contract",
            requirements=[{"name": "Rust", "importance": "must"}],
        ),
        "B2": await published(
            client,
            beta,
            title="B2",
            language="de",
            locations=[{"country": "DE", "city": "Berlin"}, {"country": "GB", "city": "Leeds"}],
            workplace="onsite",
            seniority="lead",
            requirements=[],
        ),
    }
    await until_listed(client, set(ids.values()))
    return ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["B2", "B1", "A2", "A1"]),
        ("country=FR", ["A2"]),
        ("country=GB", ["B2", "A1"]),
        ("country=DE", ["B2", "B1"]),
        ("country=fr", ["A2"]),
        ("country=FR&country=DE", ["B2", "B1", "A2"]),
        ("city=Paris", ["A2"]),
        ("language=fr", ["A2"]),
        ("language=de", ["B2"]),
        ("workplace=remote", ["B1"]),
        ("workplace=onsite&workplace=hybrid", ["B2", "A2", "A1"]),
        ("employment_type=contract", ["B1"]),
        ("employment_type=part_time&employment_type=contract", ["B1", "A2"]),
        ("seniority=lead", ["B2"]),
        ("company=beta", ["B2", "B1"]),
        ("company=alpha", ["A2", "A1"]),
        ("company=nobody", []),
        ("requirement=Python", ["A2", "A1"]),
        ("requirement=Python&requirement=PostgreSQL", ["A1"]),
        ("requirement=Rust", ["B1"]),
        ("country=FR&language=en", []),
        ("language=en&workplace=hybrid&company=alpha", ["A1"]),
        ("posted_within_days=1", ["B2", "B1", "A2", "A1"]),
    ],
)
async def test_search_filters_narrow_the_public_list_newest_first(
    client: httpx.AsyncClient, board: dict[str, str], query: str, expected: list[str]
) -> None:
    titles = {posting_id: title for title, posting_id in board.items()}

    response = await client.get(f"/v1/postings?{query}")

    assert response.status_code == 200, response.text
    assert [titles[item["id"]] for item in response.json()["items"]] == expected
    assert response.json()["next_cursor"] is None


async def _walk(client: httpx.AsyncClient, query: str) -> list[list[str]]:
    """Follow next_cursor from the first page to the last; answers the pages' ids."""
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        url = f"/v1/postings?{query}&cursor={cursor}" if cursor else f"/v1/postings?{query}"
        response = await client.get(url)
        assert response.status_code == 200, response.text
        pages.append([item["id"] for item in response.json()["items"]])
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) <= 50, "pagination does not end"


@pytest.mark.parametrize("limit", [1, 2, 3])
async def test_keyset_pages_walk_every_posting_newest_first_exactly_once(
    client: httpx.AsyncClient, admin_headers: dict[str, str], limit: int
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    ids = [await published(client, employer, title=f"Job {n}") for n in range(5)]
    await until_listed(client, set(ids))

    pages = await _walk(client, f"limit={limit}")

    walked = [posting_id for page in pages for posting_id in page]
    assert walked == list(reversed(ids))
    assert all(len(page) == limit for page in pages[:-1])
    assert 1 <= len(pages[-1]) <= limit


async def test_keyset_pages_keep_their_filter(
    client: httpx.AsyncClient, board: dict[str, str]
) -> None:
    pages = await _walk(client, "limit=1&country=GB&country=DE")

    assert pages == [[board["B2"]], [board["B1"]], [board["A1"]]]


async def test_a_page_that_ends_the_list_exactly_has_no_next_cursor(
    client: httpx.AsyncClient, board: dict[str, str]
) -> None:
    first = (await client.get("/v1/postings?limit=2")).json()
    last = await client.get("/v1/postings", params={"limit": 2, "cursor": first["next_cursor"]})

    assert first["next_cursor"] is not None
    assert [i["id"] for i in last.json()["items"]] == [board["A2"], board["A1"]]
    assert last.json()["next_cursor"] is None


async def test_a_posting_published_between_pages_does_not_disturb_the_walk(
    client: httpx.AsyncClient, admin_headers: dict[str, str], board: dict[str, str]
) -> None:
    first = (await client.get("/v1/postings?limit=2")).json()
    employer = await verified_employer(client, admin_headers, "Gamma")
    newcomer = await published(client, employer, title="Newcomer")
    await until_listed(client, {newcomer})

    rest = await client.get("/v1/postings", params={"limit": 2, "cursor": first["next_cursor"]})

    assert [i["id"] for i in first["items"]] == [board["B2"], board["B1"]]
    assert [i["id"] for i in rest.json()["items"]] == [board["A2"], board["A1"]]


async def test_a_closed_posting_leaves_the_board_but_stays_in_the_employer_s_list(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = await published(client, employer)
    await until_public(client, posting_id)

    await client.post(f"/v1/employer/postings/{posting_id}/close", headers=employer.headers)

    await until_gone(client, posting_id)
    listing = await client.get("/v1/employer/postings", headers=employer.headers)
    assert [(i["id"], i["status"]) for i in listing.json()["items"]] == [(posting_id, "closed")]


async def test_a_company_profile_change_reaches_its_public_postings(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = await published(client, employer)
    await until_public(client, posting_id)

    renamed = await client.patch(
        "/v1/employer/company", json={"name": "Acme Group"}, headers=employer.headers
    )

    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["slug"] == "acme-ltd"

    async def company() -> Any:
        return (await public_detail(client, posting_id)).json()["company"]

    seen = await eventually(company, lambda c: c["name"] == "Acme Group")
    assert seen == {"name": "Acme Group", "slug": "acme-ltd"}
