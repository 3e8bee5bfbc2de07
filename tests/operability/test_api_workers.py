"""`jobboard serve --workers 2`: two API workers share the port, one projector process applies
every event exactly once, and /metrics sums what every process counted."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
from sqlalchemy import text

from adapters.container import Container
from application.commands.api_keys import IssueAdminKey
from builders import AN_ADMIN
from e2e_support import eventually
from operability_support import Server, server_environment

COMPANIES = 4


async def _outbox(board: Container) -> list[tuple[int, bool]]:
    async with board.engine().connect() as connection:
        rows = await connection.execute(
            text("SELECT id, projected_at IS NOT NULL FROM outbox ORDER BY id")
        )
        return [(row[0], row[1]) for row in rows]


async def test_two_api_workers_and_one_projector_apply_every_event_once(
    board: Container, database_url: str, servers: list[Server], tmp_path: Path
) -> None:
    (tmp_path / "metrics").mkdir()
    env = server_environment(database_url, PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics"))
    server = Server(["--workers", "2"], env, tmp_path / "serve.log")
    servers.append(server)
    await server.ready(within=120)
    key = (
        await board.application().commands.issue_admin_key(
            IssueAdminKey("test admin", actor=AN_ADMIN)
        )
    ).api_key

    # A new connection per request, so the kernel may hand each to either worker.
    async with httpx.AsyncClient(
        base_url=server.url, limits=httpx.Limits(max_keepalive_connections=0), timeout=30
    ) as client:
        for n in range(COMPANIES):
            signed_up = await client.post(
                "/v1/companies", json={"name": f"Worker Test {n}", "country": "GB"}
            )
            assert signed_up.status_code == 201, signed_up.text
            company_id = signed_up.json()["company"]["id"]
            verified = await client.post(
                f"/v1/admin/companies/{company_id}/verify",
                headers={"Authorization": f"Bearer {key}"},
            )
            assert verified.status_code == 200, verified.text

        outbox = await eventually(
            lambda: _outbox(board), lambda rows: all(done for _, done in rows), within=60
        )
        metrics = (await client.get("/metrics")).text

    server.terminate()
    assert await asyncio.to_thread(server.process.wait, 60) == 0
    records = server.records()

    [serving] = [r for r in records if r.get("event", "").startswith("serving with 2 API workers")]
    projector_pid, worker_pids = serving["projector"], set(serving["workers"])
    assert len(worker_pids) == 2
    started = [r for r in records if r.get("event") == "projector started"]
    assert [(r["pid"], r["role"]) for r in started] == [(projector_pid, "process")]
    assert {r["pid"] for r in records if r.get("event") == "request"} <= worker_pids

    # Every event in exactly one applied batch, all of them by the one projector process.
    batches = [r for r in records if r.get("event") == "projected events"]
    assert {r["pid"] for r in batches} == {projector_pid}
    applied = [
        event_id
        for batch in batches
        for event_id, _ in outbox
        if batch["first_event"] <= event_id <= batch["last_event"]
    ]
    ids = [event_id for event_id, _ in outbox]
    assert len(ids) >= 3 * COMPANIES  # registration, its key and the verification, at least
    assert sorted(applied) == ids
    assert sum(batch["events"] for batch in batches) == len(ids)
    assert f"jobboard_projector_events_applied_total {float(len(ids))}" in metrics
