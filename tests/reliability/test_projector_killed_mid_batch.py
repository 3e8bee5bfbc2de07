"""The projector killed mid-batch: the next run applies every event once, none lost or doubled.

A standalone projector (``jobboard projector``, a process of its own) is made to
stop at the worst moment deterministically: the test holds a row lock on the
last outbox row of the batch, so the projector has written every read model in
its transaction and waits to mark the events projected. Then it is killed.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container
from adapters.http.app import create_app
from application.commands.api_keys import IssueAdminKey
from application.commands.read_models import VerifyReadModels
from builders import AN_ADMIN
from e2e.board import published, verified_employer
from e2e_support import eventually
from figures import FIGURES

JOBBOARD = Path(sys.executable).parent / "jobboard"
BLOCKED_MARKING = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND wait_event_type = 'Lock'
  AND query LIKE 'UPDATE outbox SET projected_at%'
"""
MARKING = """
SELECT count(*) FROM pg_stat_activity
WHERE datname = current_database() AND query LIKE 'UPDATE outbox SET projected_at%'
  AND state <> 'idle' AND pid <> pg_backend_pid()
"""


@pytest.fixture
async def quiet_client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    """The app over HTTP with no projector at all: events wait in the outbox."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=cast(Any, create_app(container))),
        base_url="http://jobboard.test",
    ) as client:
        yield client


async def _scalar(engine: AsyncEngine, sql: str) -> int:
    async with engine.connect() as connection:
        value: int = await connection.scalar(text(sql))
        return value


async def test_a_projector_killed_mid_batch_loses_and_doubles_nothing(
    quiet_client: httpx.AsyncClient,
    container: Container,
    database_url: str,
    clean_database: AsyncEngine,
) -> None:
    engine = clean_database
    admin = await container.application().commands.issue_admin_key(
        IssueAdminKey("test admin", actor=AN_ADMIN)
    )
    admin_headers = {"Authorization": f"Bearer {admin.api_key}"}
    employer = await verified_employer(quiet_client, admin_headers, "Killed Projector Ltd")
    postings = [await published(quiet_client, employer) for _ in range(3)]
    events = await _scalar(engine, "SELECT count(*) FROM outbox WHERE projected_at IS NULL")
    last = await _scalar(engine, "SELECT max(id) FROM outbox")

    env = {**os.environ, "DATABASE_URL": database_url, "JOBBOARD_PROJECTOR_POLL_SECONDS": "0.2"}
    async with engine.connect() as locker:
        await locker.begin()
        await locker.execute(text("SELECT id FROM outbox WHERE id = :id FOR UPDATE"), {"id": last})
        projector = await asyncio.create_subprocess_exec(str(JOBBOARD), "projector", env=env)
        try:
            await eventually(lambda: _scalar(engine, BLOCKED_MARKING), lambda n: n == 1, 60)
        finally:
            projector.kill()  # SIGKILL: no cleanup of any kind runs
            await projector.wait()
        await locker.rollback()
    await eventually(lambda: _scalar(engine, MARKING), lambda n: n == 0, 30)

    # The killed batch left nothing behind: no event marked, no read-model row written.
    assert await _scalar(engine, "SELECT count(*) FROM outbox WHERE projected_at IS NULL") == events
    assert await _scalar(engine, "SELECT count(*) FROM public_postings") == 0

    applied = await container.projector().drain()

    assert applied == events  # each event once, in the restarted run
    assert await _scalar(engine, "SELECT count(*) FROM outbox WHERE projected_at IS NULL") == 0
    assert await _scalar(engine, "SELECT count(*) FROM public_postings") == len(postings)
    listing = await quiet_client.get("/v1/companies/killed-projector-ltd")
    assert listing.json()["open_postings"] == len(postings)
    verdict = await container.application().commands.verify_read_models(VerifyReadModels())
    assert verdict.consistent, verdict
    FIGURES["projector killed mid-batch"] = (
        f"{events} events; 0 marked by the killed batch; {applied} applied once on restart; "
        "read models consistent"
    )
