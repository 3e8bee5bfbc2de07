"""ETag and If-Match on postings: no one overwrites a change they did not see."""

from __future__ import annotations

import httpx

from e2e.board import (
    assert_problem,
    draft,
    own_posting,
    published,
    sign_up,
    until_public,
    verified_employer,
)
from e2e_support import eventually


async def test_reading_an_own_posting_answers_its_version_as_etag(
    client: httpx.AsyncClient,
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    created = await draft(client, employer)

    read = await own_posting(client, employer, created.json()["id"])

    assert read.headers["ETag"] == created.headers["ETag"] == f'"{read.json()["version"]}"'
    assert created.headers["Location"] == f"/v1/employer/postings/{created.json()['id']}"


async def test_a_patch_without_if_match_is_refused_with_428_and_changes_nothing(
    client: httpx.AsyncClient,
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    created = await draft(client, employer)
    posting_id = created.json()["id"]

    response = await client.patch(
        f"/v1/employer/postings/{posting_id}", json={"title": "Changed"}, headers=employer.headers
    )

    assert_problem(response, 428, "precondition-required")
    assert (await own_posting(client, employer, posting_id)).json()[
        "title"
    ] == "Senior Backend Engineer"


async def test_a_patch_with_a_stale_etag_is_refused_with_412_and_the_posting_is_unchanged(
    client: httpx.AsyncClient,
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    created = await draft(client, employer)
    posting_id, first_etag = created.json()["id"], created.headers["ETag"]
    first = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"title": "First writer"},
        headers={**employer.headers, "If-Match": first_etag},
    )
    assert first.status_code == 200, first.text

    second = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"title": "Second writer", "benefits": ["Gym"]},
        headers={**employer.headers, "If-Match": first_etag},
    )

    assert_problem(second, 412, "stale-version")
    now = await own_posting(client, employer, posting_id)
    assert now.json()["title"] == "First writer"
    assert now.json()["benefits"] == ["Pension"]
    assert now.headers["ETag"] == first.headers["ETag"]


async def test_an_if_match_the_board_never_handed_out_answers_412(
    client: httpx.AsyncClient,
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]

    response = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"title": "Changed"},
        headers={**employer.headers, "If-Match": '"not-a-version"'},
    )

    assert_problem(response, 412, "stale-version")


async def test_a_patch_with_the_current_etag_succeeds_and_answers_a_new_etag(
    client: httpx.AsyncClient,
) -> None:
    employer = await sign_up(client, "Acme Ltd")
    created = await draft(client, employer)
    posting_id = created.json()["id"]

    response = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"title": "Staff Backend Engineer", "seniority": None},
        headers={**employer.headers, "If-Match": created.headers["ETag"]},
    )

    assert response.status_code == 200, response.text
    assert response.json()["title"] == "Staff Backend Engineer"
    assert response.json()["seniority"] is None
    assert response.json()["description"] == created.json()["description"]
    assert response.json()["version"] == created.json()["version"] + 1
    assert response.headers["ETag"] == f'"{response.json()["version"]}"' != created.headers["ETag"]
    assert (await own_posting(client, employer, posting_id)).headers["ETag"] == response.headers[
        "ETag"
    ]


async def test_a_patch_cannot_null_a_required_field(client: httpx.AsyncClient) -> None:
    employer = await sign_up(client, "Acme Ltd")
    created = await draft(client, employer)

    response = await client.patch(
        f"/v1/employer/postings/{created.json()['id']}",
        json={"title": None},
        headers={**employer.headers, "If-Match": created.headers["ETag"]},
    )

    assert_problem(response, 422, "validation-failed", fields={"title"})


async def test_a_closed_posting_cannot_be_revised(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = await published(client, employer)
    closed = await client.post(
        f"/v1/employer/postings/{posting_id}/close", headers=employer.headers
    )
    assert closed.json()["status"] == "closed"

    response = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"title": "Reopened?"},
        headers={**employer.headers, "If-Match": closed.headers["ETag"]},
    )

    assert_problem(response, 409, "invalid-transition")
    assert (await own_posting(client, employer, posting_id)).json()["title"] != "Reopened?"


async def test_closing_twice_answers_409(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = await published(client, employer)
    path = f"/v1/employer/postings/{posting_id}/close"
    assert (await client.post(path, headers=employer.headers)).status_code == 200

    assert_problem(await client.post(path, headers=employer.headers), 409, "invalid-transition")


async def test_revising_a_published_posting_reaches_the_public_board(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = await published(client, employer)
    await until_public(client, posting_id)
    etag = (await own_posting(client, employer, posting_id)).headers["ETag"]

    revised = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"title": "Principal Engineer", "locations": [{"country": "IE", "city": "Dublin"}]},
        headers={**employer.headers, "If-Match": etag},
    )

    assert revised.status_code == 200, revised.text
    assert revised.json()["status"] == "published"

    async def detail() -> dict[str, object]:
        body: dict[str, object] = (await client.get(f"/v1/postings/{posting_id}")).json()
        return body

    seen = await eventually(detail, lambda d: d.get("title") == "Principal Engineer")
    assert seen["locations"] == [{"country": "IE", "city": "Dublin"}]
