"""A company sees and touches only its own postings; another's answer 404, never 403."""

from __future__ import annotations

import httpx
import pytest

from e2e.board import Employer, assert_problem, draft, own_posting, published, sign_up, verify


async def _two_companies(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> tuple[Employer, Employer]:
    alpha, beta = await sign_up(client, "Alpha"), await sign_up(client, "Beta")
    await verify(client, admin_headers, alpha)
    await verify(client, admin_headers, beta)
    return alpha, beta


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("GET", "", None),
        ("PATCH", "", {"title": "Hijacked"}),
        ("POST", "/publish", None),
        ("POST", "/close", None),
    ],
    ids=["read", "patch", "publish", "close"],
)
async def test_another_company_s_draft_is_not_found(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    method: str,
    suffix: str,
    body: dict[str, str] | None,
) -> None:
    alpha, beta = await _two_companies(client, admin_headers)
    created = await draft(client, alpha)
    posting_id = created.json()["id"]

    response = await client.request(
        method,
        f"/v1/employer/postings/{posting_id}{suffix}",
        json=body,
        headers={**beta.headers, "If-Match": created.headers["ETag"]},
    )

    assert_problem(response, 404, "not-found")
    untouched = (await own_posting(client, alpha, posting_id)).json()
    assert untouched["status"] == "draft"
    assert untouched["title"] == created.json()["title"]
    assert untouched["version"] == created.json()["version"]


async def test_another_company_s_published_posting_cannot_be_closed_or_revised(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    alpha, beta = await _two_companies(client, admin_headers)
    posting_id = await published(client, alpha)
    etag = (await own_posting(client, alpha, posting_id)).headers["ETag"]

    closing = await client.post(f"/v1/employer/postings/{posting_id}/close", headers=beta.headers)
    revising = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"title": "Hijacked"},
        headers={**beta.headers, "If-Match": etag},
    )

    assert_problem(closing, 404, "not-found")
    assert_problem(revising, 404, "not-found")
    assert (await own_posting(client, alpha, posting_id)).json()["status"] == "published"


async def test_a_missing_posting_and_another_company_s_answer_alike(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    alpha, beta = await _two_companies(client, admin_headers)
    theirs = (await draft(client, alpha)).json()["id"]
    nobody_s = "01a20fc5-0000-7000-8000-000000000000"

    for posting_id in (theirs, nobody_s):
        response = await client.get(f"/v1/employer/postings/{posting_id}", headers=beta.headers)
        body = assert_problem(response, 404, "not-found")
        assert set(body) >= {"type", "title", "status", "detail"}


async def test_a_company_s_listing_holds_only_its_own_postings_in_every_status(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    alpha, beta = await _two_companies(client, admin_headers)
    alpha_draft = (await draft(client, alpha, title="Alpha draft")).json()["id"]
    alpha_live = await published(client, alpha, title="Alpha live")
    beta_draft = (await draft(client, beta, title="Beta draft")).json()["id"]

    alpha_list = await client.get("/v1/employer/postings", headers=alpha.headers)
    beta_list = await client.get("/v1/employer/postings", headers=beta.headers)

    assert alpha_list.status_code == beta_list.status_code == 200
    alpha_items = {item["id"]: item["status"] for item in alpha_list.json()["items"]}
    assert alpha_items == {alpha_draft: "draft", alpha_live: "published"}
    assert [item["id"] for item in beta_list.json()["items"]] == [beta_draft]
    assert {item["company_id"] for item in beta_list.json()["items"]} == {beta.company_id}
