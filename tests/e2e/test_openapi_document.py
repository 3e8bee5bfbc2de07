"""The OpenAPI document says what a generated client needs: bodies, headers, auth, enums."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from domain.iso_codes import COUNTRIES, CURRENCIES, LANGUAGES


@pytest.fixture
async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    found: dict[str, Any] = response.json()
    return found


def _operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        operation["operationId"]: operation
        for item in document["paths"].values()
        for operation in item.values()
    }


def _schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"][name]
    return schema


def _enum(document: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    """The enum of a property, through a $ref or a nullable oneOf."""
    if "$ref" in schema:
        return _enum(document, _schema(document, schema["$ref"].rsplit("/", 1)[1]))
    for choice in schema.get("oneOf", []):
        if choice.get("type") != "null":
            return _enum(document, choice)
    values: list[str] = schema["enum"]
    return values


def _header_parameters(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}


async def test_every_operation_has_a_short_camel_case_id_a_summary_and_a_description(
    document: dict[str, Any],
) -> None:
    operations = [op for item in document["paths"].values() for op in item.values()]
    ids = [op["operationId"] for op in operations]

    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z]*)+", i) and len(i) <= 24 for i in ids), ids
    assert all(op.get("description") and op.get("summary") for op in operations)
    assert {"signUpCompany", "draftPosting", "revisePosting", "searchPostings"} <= set(ids)


async def test_keyed_operations_name_the_bearer_scheme_and_public_ones_none(
    document: dict[str, Any],
) -> None:
    scheme = document["components"]["securitySchemes"]["bearer"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path, item in document["paths"].items():
        for operation in item.values():
            keyed = path.startswith(("/v1/employer", "/v1/admin"))
            assert (operation.get("security") == [{"bearer": []}]) is keyed, path


async def test_the_import_takes_a_body_and_revise_requires_if_match(
    document: dict[str, Any],
) -> None:
    operations = _operations(document)

    body = operations["importPosting"]["requestBody"]
    assert body["required"] is True
    assert body["content"]["application/json"]["schema"]["required"] == ["text"]
    assert "text/plain" in body["content"]
    assert _header_parameters(operations["revisePosting"])["If-Match"]["required"] is True
    for guarded in ("publishPosting", "closePosting"):
        assert _header_parameters(operations[guarded])["If-Match"]["required"] is False
    for create in ("signUpCompany", "draftPosting", "importPosting", "addRequirement"):
        assert "Idempotency-Key" in _header_parameters(operations[create])


async def test_answers_document_their_headers(document: dict[str, Any]) -> None:
    operations = _operations(document)

    assert {"ETag", "Location"} <= set(operations["draftPosting"]["responses"]["201"]["headers"])
    for read_or_change in ("getOwnPosting", "revisePosting", "publishPosting"):
        assert "ETag" in operations[read_or_change]["responses"]["200"]["headers"]
    limited = operations["draftPosting"]["responses"]["429"]["headers"]
    assert {"Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(
        limited
    )
    assert "RateLimit-Remaining" in operations["signUpCompany"]["responses"]["201"]["headers"]
    assert "Retry-After" in operations["searchPostings"]["responses"]["503"]["headers"]


async def test_the_sign_up_answer_is_typed_with_a_nullable_key(document: dict[str, Any]) -> None:
    created = _operations(document)["signUpCompany"]["responses"]["201"]
    reference = created["content"]["application/json"]["schema"]["$ref"]
    assert reference.endswith("/SignedUp")

    key = _schema(document, "SignedUp")["properties"]["api_key"]
    assert {"type": "null"} in key["oneOf"] and {"type": "string"} in key["oneOf"]


async def test_the_json_ld_answer_is_a_typed_job_posting(document: dict[str, Any]) -> None:
    answer = _operations(document)["getPostingJsonLd"]["responses"]["200"]
    schema = answer["content"]["application/ld+json"]["schema"]
    posting = _schema(document, schema["$ref"].rsplit("/", 1)[1])

    assert {"@context", "@type", "title", "datePosted", "hiringOrganization"} <= set(
        posting["required"]
    )
    assert "jobLocationType" in posting["properties"]


@pytest.mark.parametrize(
    ("schema", "field", "values"),
    [
        ("PostingBody", "workplace", {"onsite", "hybrid", "remote"}),
        ("PostingBody", "employment_type", {"full_time", "internship"}),
        ("PostingBody", "seniority", {"junior", "senior"}),
        ("PostingBody", "language", set(LANGUAGES)),
        ("PostingPatchBody", "workplace", {"remote"}),
        ("SalaryBody", "period", {"hour", "day", "month", "year"}),
        ("SalaryBody", "currency", set(CURRENCIES)),
        ("RequirementBody", "importance", {"must", "nice"}),
        ("RequirementCreateBody", "kind", {"skill", "language", "degree"}),
        ("LocationBody", "country", set(COUNTRIES)),
        ("CompanySignup", "country", set(COUNTRIES)),
    ],
)
async def test_bodies_offer_their_allowed_values_as_enums(
    document: dict[str, Any], schema: str, field: str, values: set[str]
) -> None:
    allowed = _enum(document, _schema(document, schema)["properties"][field])

    assert values <= set(allowed)


async def test_search_parameters_offer_enums_and_a_bounded_limit(
    document: dict[str, Any],
) -> None:
    parameters = {
        p["name"]: p["schema"] for p in _operations(document)["searchPostings"]["parameters"]
    }

    assert set(parameters["workplace"]["items"]["enum"]) == {"onsite", "hybrid", "remote"}
    assert set(parameters["country"]["items"]["enum"]) == set(COUNTRIES)
    assert set(parameters["currency"]["enum"]) == set(CURRENCIES)
    assert set(parameters["language"]["enum"]) == set(LANGUAGES)
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 100)
    catalogue = {
        p["name"]: p["schema"] for p in _operations(document)["listRequirements"]["parameters"]
    }
    assert (catalogue["limit"]["minimum"], catalogue["limit"]["maximum"]) == (1, 200)
