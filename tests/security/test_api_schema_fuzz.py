"""Schemathesis against the app's own OpenAPI document, every operation, with keys.

Each operation is fuzzed with schema-valid and schema-violating requests (the
employer routes with an employer key, the admin routes with an admin key). A
response fails the test when it is a 5xx, has a status, content type, header
or body the document does not declare, or accepts data the schema rejects.

Quick profile (CI): FUZZ_EXAMPLES examples per operation. Long profile:
``JOBBOARD_FUZZ_EXAMPLES=100 uv run pytest tests/security/test_api_schema_fuzz.py``.
The tally of cases and statuses is printed at the end of the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import allow_header_conformance, positive_data_acceptance

from adapters.container import Container
from adapters.http.app import create_app
from adapters.settings import Settings
from e2e_support import bearer, posting_body
from figures import TALLY
from served_board import empty_board, issue_admin_key, served

FUZZ_EXAMPLES = int(os.environ.get("JOBBOARD_FUZZ_EXAMPLES", "6"))
# Writes per window the fuzz client may make (per key, per address, sign-ups): the defaults
# (30 sign-ups, 300 writes per key a minute) would answer most cases 429.
FUZZ_RATE_LIMIT = 1_000_000
# At most this share of any operation's cases may be answered 429 rate-limited.
MAX_RATE_LIMITED_SHARE = 0.05

EXCLUDED_CHECKS: list[schemathesis.CheckFunction] = [
    # The document types filters as plain strings while the board accepts only ISO codes and
    # its own enums, so a "schema-valid" request may rightly get a documented 400 or 422.
    positive_data_acceptance,
    # Litestar's automatic OPTIONS answer lists the methods of one handler of a path only
    # (GET, not PATCH, on /v1/employer/company); OPTIONS is no operation of the API.
    allow_header_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_board(database_url: str) -> Iterator[dict[str, Any]]:
    """A served board with a verified employer, a public posting, a draft, and an admin key."""
    empty_board(database_url)
    admin = issue_admin_key(database_url)
    # The rate limits stay on (their headers and 429s are part of what is checked), raised
    # far above what the fuzzer sends, so that its cases reach the operations.
    settings = Settings(
        database_url=database_url,
        rate_limit_writes_per_key=FUZZ_RATE_LIMIT,
        rate_limit_writes_per_address=FUZZ_RATE_LIMIT,
        rate_limit_signups_per_address=FUZZ_RATE_LIMIT,
        rate_limit_reports_per_address=FUZZ_RATE_LIMIT,
    )
    with served(settings, database_url) as base_url, httpx.Client(base_url=base_url) as client:
        signup = client.post("/v1/companies", json={"name": "Fuzzed Ltd", "country": "GB"})
        employer = signup.json()["api_key"]
        company_id = signup.json()["company"]["id"]
        client.post(f"/v1/admin/companies/{company_id}/verify", headers=bearer(admin))
        posting = client.post(
            "/v1/employer/postings", json=posting_body(), headers=bearer(employer)
        )
        client.post(
            f"/v1/employer/postings/{posting.json()['id']}/publish", headers=bearer(employer)
        )
        client.post("/v1/employer/postings", json=posting_body(), headers=bearer(employer))
        yield {"base_url": base_url, "admin": admin, "employer": employer}


def _the_app_s_document() -> dict[str, Any]:
    """The OpenAPI document the app serves (building the app opens no connection)."""
    url = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
    app = create_app(Container(settings=Settings(database_url=url), database_url=url))
    document: dict[str, Any] = app.openapi_schema.to_schema()
    return document


# Loaded eagerly: schemathesis' lazy fixture loader does not work with pytest 9.
schema = schemathesis.openapi.from_dict(_the_app_s_document())
# A revision without its required If-Match answers 428 Precondition Required (RFC 6585),
# the status made for it, besides the statuses schemathesis expects for a missing header.
schema.config.checks.missing_required_header.expected_statuses = [
    *schema.config.checks.missing_required_header.expected_statuses,
    "428",
]


def _key_for(path: str, board: dict[str, Any]) -> dict[str, str]:
    if path.startswith("/v1/admin"):
        return bearer(board["admin"])
    if path.startswith("/v1/employer"):
        return bearer(board["employer"])
    return {}


@schema.parametrize()
@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("JOBBOARD_FUZZ_RANDOM") is None,
)
def test_every_operation_answers_as_its_document_says(
    case: schemathesis.Case[Any], fuzzed_board: dict[str, Any]
) -> None:
    response = case.call(
        base_url=fuzzed_board["base_url"], headers=_key_for(case.path, fuzzed_board)
    )
    TALLY.record(case.operation.label, response.status_code)
    case.validate_response(response, excluded_checks=EXCLUDED_CHECKS)


def test_the_fuzzer_reaches_every_operation_past_the_rate_limits() -> None:
    """Runs after the fuzz cases above (pytest keeps a file's order): were they answered by
    the operations, or mostly refused at the door?"""
    if not TALLY.by_operation:
        pytest.skip("no fuzz case ran in this session (run the whole module)")
    limited = {
        operation: statuses[429] / sum(statuses.values())
        for operation, statuses in TALLY.by_operation.items()
    }

    assert {op: share for op, share in limited.items() if share > MAX_RATE_LIMITED_SHARE} == {}
    assert len(TALLY.by_operation) == len(list(schema.get_all_operations()))
