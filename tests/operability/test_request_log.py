"""Every request gets an id (the caller's X-Request-ID, or one of ours), echoed back and
written on its log line with the route template, status, duration and audience."""

from __future__ import annotations

import pytest

from adapters.container import Container
from adapters.http.app import create_app
from application.commands.api_keys import IssueAdminKey
from builders import AN_ADMIN
from operability_support import log_lines, over_http

UNKNOWN_POSTING = "/v1/postings/01a20fc5-0000-7000-8000-000000000000"


def request_records(captured: str) -> list[dict[str, object]]:
    return [r for r in log_lines(captured) if r.get("event") == "request"]


async def test_a_caller_s_request_id_is_echoed_and_lands_on_the_request_s_log_line(
    board: Container, capfd: pytest.CaptureFixture[str]
) -> None:
    async with over_http(create_app(board)) as client:
        response = await client.get(UNKNOWN_POSTING, headers={"X-Request-ID": "trace-me-42"})

    assert response.headers["X-Request-ID"] == "trace-me-42"
    [line] = request_records(capfd.readouterr().err)
    assert line["request_id"] == "trace-me-42"
    assert line["route"] == "/v1/postings/{posting_id}"
    assert line["path"] == UNKNOWN_POSTING
    assert line["method"] == "GET"
    assert line["status"] == 404
    assert isinstance(line["duration_ms"], float)
    assert line["audience"] is None
    assert line["level"] == "info"


async def test_a_request_without_an_id_gets_a_new_one_each_time(
    board: Container, capfd: pytest.CaptureFixture[str]
) -> None:
    async with over_http(create_app(board)) as client:
        first = await client.get("/health")
        second = await client.get("/health")

    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert ids[0] != ids[1]
    assert [line["request_id"] for line in request_records(capfd.readouterr().err)] == ids


@pytest.mark.parametrize("offered", ["has spaces", "x" * 200, 'quote"injection'])
async def test_an_unusable_request_id_is_replaced_rather_than_logged(
    board: Container, capfd: pytest.CaptureFixture[str], offered: str
) -> None:
    async with over_http(create_app(board)) as client:
        response = await client.get("/health", headers={"X-Request-ID": offered})

    echoed = response.headers["X-Request-ID"]
    assert echoed != offered
    [line] = request_records(capfd.readouterr().err)
    assert line["request_id"] == echoed


async def test_the_log_names_the_caller_s_audience_and_never_its_key(
    board: Container, capfd: pytest.CaptureFixture[str]
) -> None:
    key = (
        await board.application().commands.issue_admin_key(
            IssueAdminKey("test admin", actor=AN_ADMIN)
        )
    ).api_key
    async with over_http(create_app(board)) as client:
        response = await client.get(
            "/v1/admin/read-models/verify", headers={"Authorization": f"Bearer {key}"}
        )

    assert response.status_code == 200
    captured = capfd.readouterr().err
    [line] = request_records(captured)
    assert line["audience"] == "admin"
    assert line["route"] == "/v1/admin/read-models/verify"
    assert key not in captured


async def test_an_unknown_route_is_logged_as_unmatched_not_by_its_path(
    board: Container, capfd: pytest.CaptureFixture[str]
) -> None:
    async with over_http(create_app(board)) as client:
        await client.get("/no/such/thing")

    [line] = request_records(capfd.readouterr().err)
    assert line["route"] == "unmatched"
    assert line["status"] == 404
