"""GET /metrics: request counts and latencies per route template and status, in-flight
requests, pool usage, handler durations per use case, outbox backlog, projection lag and
projector errors, in the Prometheus text format."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from adapters.container import Container
from adapters.http.app import create_app
from application.commands.api_keys import IssueAdminKey
from builders import AN_ADMIN
from operability_support import over_http

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_metrics_count_requests_per_route_template_and_status(board: Container) -> None:
    async with over_http(create_app(board)) as client:
        before = await scrape(client)
        for posting in (
            "01a20fc5-0000-7000-8000-000000000001",
            "01a20fc5-0000-7000-8000-000000000002",
        ):
            await client.get(f"/v1/postings/{posting}")
        await client.get("/v1/postings")
        after = await scrape(client)

    by_id = {"route": "/v1/postings/{posting_id}", "method": "GET", "status": "404"}
    assert (
        value(after, "jobboard_http_requests_total", **by_id)
        - value(before, "jobboard_http_requests_total", **by_id)
        == 2
    )
    listing = {"route": "/v1/postings", "method": "GET", "status": "200"}
    assert value(after, "jobboard_http_request_duration_seconds_count", **listing) > value(
        before, "jobboard_http_request_duration_seconds_count", **listing
    )
    assert (
        "jobboard_http_request_duration_seconds_bucket",
        frozenset({**listing, "le": "+Inf"}.items()),
    ) in after
    # The scrape itself is in flight while it is rendered; nothing else is.
    assert value(after, "jobboard_http_requests_in_flight") >= 1
    assert value(after, "jobboard_db_pool_connections_max", pool="primary") > 0
    assert ("jobboard_db_pool_connections_in_use", frozenset({("pool", "primary")})) in after


async def test_metrics_time_each_use_case_and_follow_the_projection(board: Container) -> None:
    key = (
        await board.application().commands.issue_admin_key(
            IssueAdminKey("test admin", actor=AN_ADMIN)
        )
    ).api_key
    admin = {"Authorization": f"Bearer {key}"}
    async with over_http(create_app(board)) as client:
        signed_up = await client.post(
            "/v1/companies", json={"name": "Metrics Ltd", "country": "GB"}
        )
        assert signed_up.status_code == 201
        company_id = signed_up.json()["company"]["id"]
        verified = await client.post(f"/v1/admin/companies/{company_id}/verify", headers=admin)
        assert verified.status_code == 200, verified.text
        refused = await client.post(f"/v1/admin/companies/{company_id}/verify", headers=admin)
        assert refused.status_code >= 400

        waiting = await scrape(client)
        applied = await board.projector().drain()
        projected = await scrape(client)

    register = {"kind": "command", "use_case": "register_company", "outcome": "ok"}
    assert value(waiting, "jobboard_use_case_duration_seconds_count", **register) >= 1
    verify_failed = {"kind": "command", "use_case": "verify_company", "outcome": "error"}
    assert value(waiting, "jobboard_use_case_duration_seconds_count", **verify_failed) >= 1
    own_company = {"kind": "query", "use_case": "get_own_company", "outcome": "ok"}
    assert value(waiting, "jobboard_use_case_duration_seconds_count", **own_company) >= 1

    assert applied >= 2  # the company's registration and its verification, at least
    assert value(waiting, "jobboard_outbox_backlog") == applied
    assert value(projected, "jobboard_outbox_backlog") == 0
    assert (
        value(projected, "jobboard_projector_events_applied_total")
        - value(waiting, "jobboard_projector_events_applied_total")
        == applied
    )
    assert (
        value(projected, "jobboard_projection_lag_seconds_count")
        - value(waiting, "jobboard_projection_lag_seconds_count")
        == applied
    )
    assert value(projected, "jobboard_projection_lag_seconds_sum") > 0
    assert ("jobboard_projector_errors_total", frozenset()) in projected


async def test_invented_methods_and_paths_add_a_bounded_number_of_series(
    board: Container,
) -> None:
    def label_sets(samples: Samples) -> set[frozenset[tuple[str, str]]]:
        return {labels for name, labels in samples if name == "jobboard_http_requests_total"}

    async with over_http(create_app(board)) as client:
        await client.request("BREW", "/v1/postings")  # an invented method, a known route
        await client.get("/nowhere/0")
        before = label_sets(await scrape(client))
        for n in range(1, 40):
            await client.request(f"BREW{n}", "/v1/postings")
            await client.request(f"X-{n}", f"/nowhere/{n}")
            await client.get(f"/nowhere/{n}/deeper")
        after = await scrape(client)

    methods = {dict(labels)["method"] for labels in label_sets(after)}
    assert methods <= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other"}
    assert "other" in methods
    routes = {dict(labels)["route"] for labels in label_sets(after)}
    assert not any(route.startswith("/nowhere") for route in routes)
    # The scrape itself may add its own series; the 117 invented requests add none.
    assert len(label_sets(after) - before) <= 1
