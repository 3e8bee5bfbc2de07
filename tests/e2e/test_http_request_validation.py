"""Bad requests are refused with problem details that name what is wrong."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from e2e.board import Employer, assert_problem, error_fields, sign_up
from e2e_support import posting_body

REQUIRED_POSTING_FIELDS = {"title", "description", "language", "workplace", "employment_type"}


@pytest.fixture
async def employer(client: httpx.AsyncClient) -> Employer:
    return await sign_up(client, "Acme Ltd")


async def _post_posting(client: httpx.AsyncClient, employer: Employer, body: Any) -> httpx.Response:
    return await client.post("/v1/employer/postings", json=body, headers=employer.headers)


async def _no_postings_were_made(client: httpx.AsyncClient, employer: Employer) -> None:
    listing = await client.get("/v1/employer/postings", headers=employer.headers)
    assert listing.json()["items"] == []


@pytest.mark.parametrize(
    "raw", [b'{"title": "Engineer",', b"not json at all", b"{'single': 'quotes'}"]
)
async def test_malformed_json_answers_400(
    client: httpx.AsyncClient, employer: Employer, raw: bytes
) -> None:
    response = await client.post(
        "/v1/employer/postings",
        content=raw,
        headers={**employer.headers, "Content-Type": "application/json"},
    )

    assert_problem(response, 400, "malformed-request")
    await _no_postings_were_made(client, employer)


async def test_a_body_missing_every_required_field_lists_each_of_them(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    response = await _post_posting(client, employer, {})

    body = assert_problem(response, 422, "validation-failed", fields=REQUIRED_POSTING_FIELDS)
    assert error_fields(response) == REQUIRED_POSTING_FIELDS
    for field in REQUIRED_POSTING_FIELDS:
        assert field in body["detail"]


@pytest.mark.parametrize("missing", sorted(REQUIRED_POSTING_FIELDS))
async def test_a_body_missing_one_required_field_names_exactly_that_field(
    client: httpx.AsyncClient, employer: Employer, missing: str
) -> None:
    body = posting_body()
    del body[missing]

    response = await _post_posting(client, employer, body)

    assert_problem(response, 422, "validation-failed", fields={missing})
    assert error_fields(response) == {missing}


async def test_a_json_array_instead_of_an_object_is_refused(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    response = await _post_posting(client, employer, [posting_body()])

    assert_problem(response, 422, "validation-failed", fields={"body"})


async def test_an_unknown_country_code_in_locations_is_refused_naming_the_field(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    response = await _post_posting(
        client, employer, posting_body(locations=[{"country": "XX", "city": "Nowhere"}])
    )

    body = assert_problem(response, 422, "validation-failed")
    assert [(e["field"], e["pointer"]) for e in body["errors"]] == [
        ("locations.0.country", "/locations/0/country")
    ]
    assert "ISO 3166" in body["errors"][0]["message"]
    await _no_postings_were_made(client, employer)


async def test_a_location_without_a_country_is_refused_naming_the_field(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    response = await _post_posting(client, employer, posting_body(locations=[{"city": "Paris"}]))

    assert_problem(response, 422, "validation-failed", fields={"locations.0.country"})


async def test_a_salary_whose_min_exceeds_its_max_is_refused_naming_the_field(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    salary = {"min": 90000, "max": 70000, "currency": "GBP", "period": "year"}

    response = await _post_posting(client, employer, posting_body(salary=salary))

    assert_problem(response, 422, "invariant-violated", fields={"salary.min"})
    await _no_postings_were_made(client, employer)


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"language": "xx"}, "language", "validation-failed"),
        ({"workplace": "space"}, "workplace", "validation-failed"),
        ({"employment_type": "gig"}, "employment_type", "validation-failed"),
        ({"seniority": "wizard"}, "seniority", "validation-failed"),
        (
            {"salary": {"min": 1, "max": 2, "currency": "XYZ"}},
            "salary.currency",
            "validation-failed",
        ),
        (
            {"salary": {"min": "lots", "max": 2, "currency": "GBP"}},
            "salary.min",
            "validation-failed",
        ),
        ({"title": ""}, "title", "validation-failed"),
        ({"workplace": "onsite", "locations": []}, "locations", "invariant-violated"),
        (
            {"requirements": [{"name": "Go", "min_years": 99}]},
            "requirements.0.min_years",
            "validation-failed",
        ),
        (
            {"requirements": [{"name": "Go", "min_years": True}]},
            "requirements.0.min_years",
            "validation-failed",
        ),
    ],
    ids=lambda value: str(value) if isinstance(value, str) else None,
)
async def test_a_bad_posting_field_is_refused_naming_it(
    client: httpx.AsyncClient,
    employer: Employer,
    overrides: dict[str, Any],
    field: str,
    code: str,
) -> None:
    response = await _post_posting(client, employer, posting_body(**overrides))

    assert_problem(response, 422, code, fields={field})


async def test_an_unknown_extra_field_is_refused_naming_it(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    response = await _post_posting(client, employer, posting_body(colour="red"))

    assert_problem(response, 422, "validation-failed", fields={"colour"})
    await _no_postings_were_made(client, employer)


async def test_a_sign_up_without_a_country_is_refused_naming_it(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/v1/companies", json={"name": "Acme Ltd"})

    assert_problem(response, 422, "validation-failed", fields={"country"})


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("country=XX", "country"),
        ("country=GB&country=XX", "country"),
        ("language=zz", "language"),
        ("workplace=space", "workplace"),
        ("employment_type=gig", "employment_type"),
        ("seniority=wizard", "seniority"),
        ("posted_within_days=0", "posted_within_days"),
        ("posted_within_days=soon", "posted_within_days"),
        ("cursor=garbage", "cursor"),
        ("cursor=" + base64.urlsafe_b64encode(b"yesterday|nobody").decode(), "cursor"),
    ],
)
async def test_a_bad_search_parameter_answers_400_naming_it(
    client: httpx.AsyncClient, query: str, parameter: str
) -> None:
    response = await client.get(f"/v1/postings?{query}")

    body = assert_problem(response, 400, "invalid-parameter", fields={parameter})
    assert error_fields(response) == {parameter}
    assert body["instance"] == "/v1/postings"


def _cursor(published_at: str) -> str:
    raw = f"{published_at}|01a20fc5-0000-7000-8000-000000000000".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("parameter", ["city", "company", "requirement"])
async def test_a_text_filter_with_a_nul_character_answers_400_naming_it(
    client: httpx.AsyncClient, parameter: str
) -> None:
    response = await client.get(f"/v1/postings?{parameter}=a%00b")

    assert_problem(response, 400, "invalid-parameter", fields={parameter})


@pytest.mark.parametrize("published_at", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
async def test_a_forged_cursor_with_an_out_of_range_time_answers_400(
    client: httpx.AsyncClient, published_at: str
) -> None:
    response = await client.get(f"/v1/postings?cursor={_cursor(published_at)}")

    assert_problem(response, 400, "invalid-parameter", fields={"cursor"})


async def test_a_requirement_name_with_a_nul_character_is_refused_naming_the_field(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    response = await _post_posting(
        client, employer, posting_body(requirements=[{"name": "Py\u0000thon"}])
    )

    assert response.status_code == 422, response.text
    assert any(field.startswith("requirements") for field in error_fields(response))


async def test_a_catalogue_entry_named_with_a_nul_character_is_refused_naming_the_field(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/admin/requirements",
        json={"name": "Post\u0000greSQL", "kind": "skill"},
        headers=admin_headers,
    )

    assert_problem(response, 422, "invariant-violated", fields={"name"})


async def test_a_suspension_without_a_body_names_the_missing_reason_not_an_internal_name(
    client: httpx.AsyncClient, admin_headers: dict[str, str], employer: Employer
) -> None:
    response = await client.post(
        f"/v1/admin/companies/{employer.company_id}/suspend", headers=admin_headers
    )

    assert response.status_code in (400, 422), response.text
    assert error_fields(response) <= {"body", "reason"}
    assert all(e["message"] != "'data'" for e in response.json().get("errors", []))


@pytest.mark.parametrize("forged_id", [1, 1.5, {}, {"a": 1}, [], ["x"], True, False, None])
async def test_a_forged_cursor_whose_id_is_not_a_uuid_string_answers_400(
    client: httpx.AsyncClient, forged_id: Any
) -> None:
    for sort in ("newest", "relevance"):
        raw = {"s": sort, "p": "2026-01-01T00:00:00+00:00", "i": forged_id, "r": 1.0}
        raw["w"] = raw["p"]
        cursor = base64.urlsafe_b64encode(json.dumps(raw).encode()).decode().rstrip("=")

        response = await client.get(f"/v1/postings?cursor={cursor}&q=engineer&sort={sort}")

        assert_problem(response, 400, "invalid-parameter", fields={"cursor"})


@pytest.mark.parametrize("forged", [1, "x", [1, 2], None, True])
async def test_a_forged_cursor_that_is_not_a_json_object_answers_400(
    client: httpx.AsyncClient, forged: Any
) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode()

    response = await client.get(f"/v1/postings?cursor={cursor}")

    assert_problem(response, 400, "invalid-parameter", fields={"cursor"})


async def test_every_bad_field_of_a_body_is_listed_at_once_with_its_pointer(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    body = posting_body(
        workplace="space",
        employment_type="gig",
        seniority="wizard",
        language="xx",
        locations=[{"country": "GB"}, {"country": "XX"}],
        salary={"min": 1, "max": 2, "currency": "XYZ", "period": "fortnight"},
        requirements=[{"name": "Go"}, {"name": "Rust", "importance": "vital"}],
        colour="red",
    )

    response = await _post_posting(client, employer, body)

    problem = assert_problem(response, 422, "validation-failed")
    assert {e["pointer"] for e in problem["errors"]} == {
        "/workplace",
        "/employment_type",
        "/seniority",
        "/language",
        "/locations/1/country",
        "/salary/currency",
        "/salary/period",
        "/requirements/1/importance",
        "/colour",
    }
    assert error_fields(response) >= {"requirements.1.importance", "locations.1.country"}
    await _no_postings_were_made(client, employer)


async def test_a_revision_nulling_several_fields_names_each_of_them(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    created = await _post_posting(client, employer, posting_body())

    response = await client.patch(
        f"/v1/employer/postings/{created.json()['id']}",
        json={"title": None, "workplace": None, "seniority": None},
        headers={**employer.headers, "If-Match": created.headers["etag"]},
    )

    assert_problem(response, 422, "validation-failed")
    assert error_fields(response) == {"title", "workplace"}


async def test_an_import_with_an_unknown_field_is_refused_naming_it(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    response = await client.post(
        "/v1/employer/postings/import",
        json={"text": "Backend engineer in London", "jobboard": 1},
        headers=employer.headers,
    )

    assert_problem(response, 422, "validation-failed", fields={"jobboard"})
    await _no_postings_were_made(client, employer)


async def test_a_publication_end_given_as_a_number_is_refused_naming_it(
    client: httpx.AsyncClient, employer: Employer
) -> None:
    created = await _post_posting(client, employer, posting_body())

    response = await client.post(
        f"/v1/employer/postings/{created.json()['id']}/publish",
        json={"valid_through": 0},
        headers=employer.headers,
    )

    assert_problem(response, 422, "validation-failed", fields={"valid_through"})
