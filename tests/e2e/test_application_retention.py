"""The retention purge, end to end with the container's clock overridden: applications kept
past the period their candidates consented to are erased with their résumés, and nothing
of the applicant stays behind in the tables, the outbox or the logs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container
from e2e.board import assert_problem, published, verified_employer
from e2e_support import admin_bearer, board_client
from fakes import FixedClock

NAME, EMAIL = "Katherine Johnson", "katherine.johnson@orbits.example"


@pytest.fixture
async def clock(container: Container) -> AsyncIterator[FixedClock]:
    fixed = FixedClock()
    container.clock.override(providers.Object(fixed))
    yield fixed
    container.clock.reset_override()


@pytest.fixture
async def timed(container: Container, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    async with board_client(container) as client:
        yield client


async def _everything_stored(engine: AsyncEngine) -> str:
    """Every row of every table the write side keeps, as text."""
    async with engine.connect() as connection:
        rows = [
            str(row)
            for table in ("job_applications", "application_resumes", "outbox")
            for row in (await connection.execute(text(f"SELECT * FROM {table}"))).all()
        ]
    return "\n".join(rows)


async def test_the_purge_erases_applications_past_their_retention_and_no_others(
    container: Container,
    clock: FixedClock,
    timed: httpx.AsyncClient,
    clean_database: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    admin = await admin_bearer(container)
    employer = await verified_employer(timed, admin, "Orbits Ltd")
    posting_id = await published(timed, employer, application_method={"kind": "board"})

    async def apply(name: str, email: str) -> str:
        response = await timed.post(
            f"/v1/postings/{posting_id}/applications",
            data={"name": name, "email": email, "consent_to_retention": "true"},
            files={"resume": ("cv.txt", f"{name}: trajectories".encode(), "text/plain")},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    old = await apply(NAME, EMAIL)
    clock.advance(timedelta(days=30))
    recent = await apply("Dorothy Vaughan", "dorothy@orbits.example")
    clock.advance(timedelta(days=151))  # the first is 181 days old, the second 151

    too_early = await timed.post("/v1/admin/applications/purge", headers=employer.headers)
    assert_problem(too_early, 403, "forbidden")
    purged = await timed.post("/v1/admin/applications/purge", headers=admin)
    again = await timed.post("/v1/admin/applications/purge", headers=admin)

    assert purged.json() == {"purged": 1}
    assert again.json() == {"purged": 0}
    gone = await timed.get(f"/v1/employer/applications/{old}", headers=employer.headers)
    assert_problem(gone, 404, "not-found")
    kept = await timed.get(f"/v1/employer/applications/{recent}", headers=employer.headers)
    assert kept.json()["name"] == "Dorothy Vaughan"
    stored = await _everything_stored(clean_database)
    logged = caplog.text + "".join(capfd.readouterr())
    for trace in (NAME, EMAIL, "Katherine", "katherine.johnson"):
        assert trace not in stored, trace
        assert trace not in logged, trace
    assert "ApplicationPurged" in stored
