"""Who may publish, when, and for how long."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import httpx

from e2e.board import (
    assert_problem,
    draft,
    own_posting,
    publish,
    sign_up,
    suspend,
    until_public,
    verified_employer,
)


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def test_an_unverified_company_cannot_publish(client: httpx.AsyncClient) -> None:
    employer = await sign_up(client, "Fresh Startup")
    posting_id = (await draft(client, employer)).json()["id"]

    response = await publish(client, employer, posting_id)

    body = assert_problem(response, 409, "company-cannot-publish")
    assert "verified" in body["detail"]
    assert (await own_posting(client, employer, posting_id)).json()["status"] == "draft"


async def test_a_suspended_company_cannot_publish(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]
    await suspend(client, admin_headers, employer)

    response = await publish(client, employer, posting_id)

    assert_problem(response, 409, "company-cannot-publish")
    assert (await own_posting(client, employer, posting_id)).json()["status"] == "draft"


async def test_a_reinstated_company_may_publish_again(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]
    await suspend(client, admin_headers, employer)
    reinstated = await client.post(
        f"/v1/admin/companies/{employer.company_id}/reinstate", headers=admin_headers
    )
    assert reinstated.json()["status"] == "verified"

    response = await publish(client, employer, posting_id)

    assert response.status_code == 200, response.text


async def test_publishing_twice_answers_409(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]
    first = await publish(client, employer, posting_id)
    assert first.status_code == 200, first.text

    second = await publish(client, employer, posting_id)

    assert_problem(second, 409, "invalid-transition")
    assert (await own_posting(client, employer, posting_id)).json()["version"] == first.json()[
        "version"
    ]


async def test_a_posting_is_published_for_sixty_days_by_default(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]

    response = await publish(client, employer, posting_id)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "published"
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert _parse(body["valid_through"]) - _parse(body["published_at"]) == timedelta(days=60)


async def test_valid_through_more_than_180_days_ahead_is_refused_naming_the_field(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]
    too_late = datetime.now(UTC) + timedelta(days=181)

    response = await publish(client, employer, posting_id, valid_through=too_late.isoformat())

    assert_problem(response, 422, "invariant-violated", fields={"valid_through"})
    assert (await own_posting(client, employer, posting_id)).json()["status"] == "draft"


async def test_valid_through_in_the_past_is_refused_naming_the_field(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]
    yesterday = datetime.now(UTC) - timedelta(days=1)

    response = await publish(client, employer, posting_id, valid_through=yesterday.isoformat())

    assert_problem(response, 422, "invariant-violated", fields={"valid_through"})


async def test_valid_through_without_a_time_zone_is_refused_naming_the_field(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]
    naive = (datetime.now(UTC) + timedelta(days=10)).replace(tzinfo=None)

    response = await publish(client, employer, posting_id, valid_through=naive.isoformat())

    assert_problem(response, 422, "invariant-violated", fields={"valid_through"})


async def test_valid_through_that_is_not_a_time_is_refused_naming_the_field(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]

    response = await publish(client, employer, posting_id, valid_through="next tuesday")

    assert_problem(response, 422, "validation-failed", fields={"valid_through"})


async def test_a_custom_valid_through_is_kept_and_shown_in_utc_to_employer_and_candidates(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = (await draft(client, employer)).json()["id"]
    paris = timezone(timedelta(hours=2))
    until = (datetime.now(paris) + timedelta(days=90)).replace(microsecond=0)

    response = await publish(client, employer, posting_id, valid_through=until.isoformat())

    assert response.status_code == 200, response.text
    shown = response.json()["valid_through"]
    assert shown.endswith("Z")
    assert _parse(shown) == until
    assert (
        _parse((await own_posting(client, employer, posting_id)).json()["valid_through"]) == until
    )
    public = await until_public(client, posting_id)
    assert _parse(public["valid_through"]) == until
    assert public["published_at"] == response.json()["published_at"]
