"""GET /v1/postings reads its parameters from one table: what the route parses is what the
OpenAPI document lists, and a bad value is a 400 problem naming the parameter."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from adapters.http.search_parameters import SEARCH_PARAMETERS
from e2e.board import assert_problem

BAD = [
    ("limit=0", "limit"),
    ("limit=101", "limit"),
    ("limit=abc", "limit"),
    ("limit=-1", "limit"),
    ("country=XX", "country"),
    ("workplace=moon", "workplace"),
    ("sort=bogus", "sort"),
    ("cursor=garbage", "cursor"),
    ("facets=salary", "facets"),
    ("salary_min=100000", "currency"),
    ("posted_within_days=soon", "posted_within_days"),
    ("&".join(["country=GB"] * 51), "country"),
    ("salary_min=lots&currency=GBP", "salary_min"),
    ("salary_min=NaN&currency=GBP", "salary_min"),
]


@pytest.mark.parametrize(("query", "field"), BAD)
async def test_a_bad_search_parameter_is_a_problem_naming_it(
    client: httpx.AsyncClient, query: str, field: str
) -> None:
    response = await client.get(f"/v1/postings?{query}")

    body = assert_problem(response, 400, "invalid-parameter")
    assert field in {error["field"] for error in body["errors"]}, body


async def test_the_document_lists_exactly_the_parameters_the_search_reads(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    operation = document["paths"]["/v1/postings"]["get"]
    documented = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}

    assert list(documented) == [p.name for p in SEARCH_PARAMETERS]
    assert _allowed(documented["workplace"]) == ["hybrid", "onsite", "remote"]
    assert "full_time" in _allowed(documented["employment_type"])
    assert _allowed(documented["sort"]) == ["newest", "relevance"]
    assert "GB" in _allowed(documented["country"])
    assert documented["limit"]["schema"]["maximum"] == 100
    assert all(p.get("description") for p in documented.values())


def _allowed(parameter: dict[str, Any]) -> list[str]:
    """The enum of a parameter's schema, or of its items when it is repeatable."""
    schema = parameter["schema"]
    for option in schema.get("oneOf", [schema]):
        if "enum" in option:
            return list(option["enum"])
        if "enum" in option.get("items", {}):
            return list(option["items"]["enum"])
    return []
