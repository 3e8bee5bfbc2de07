"""A search lists each posting by the summary its read model row keeps encoded. That JSON
is written by SQL, so these tests hold it, byte for byte, to what the API's own encoder
makes of the same posting's detail; and the migration that added it to the rows that
existed then."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import asyncpg
import pytest
from dependency_injector import providers

from adapters.container import Container, release
from adapters.http.rendering import encoded
from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.migrate import downgrade, upgrade
from adapters.settings import Settings
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import LocationInput, RequirementInput, SalaryInput
from application.commands.posting_lifecycle import PublishPosting
from application.commands.read_models import VerifyReadModels
from application.queries.public_postings import GetPublicPosting, ListPublicPostings
from application.views import PostingDetail, PostingSummary
from board_story import fields as posting_fields
from board_story import verified_company
from fakes import FixedClock
from listed import summary_of
from scratch_databases import scratch_database

# Postings whose summaries exercise every branch of the encoding: a whole and a fractional
# amount, no pay, no city, several places, no seniority, text a JSON string must escape.
VARIED = [
    posting_fields(
        'Staff "Data" Engineer \\ Zürich \u2013 東京',
        locations=(LocationInput("CH", "Zürich"), LocationInput("JP", None)),
        salary=SalaryInput(Decimal("120000"), Decimal("150000.50"), "CHF", "year"),
        seniority="principal",
        requirements=(RequirementInput("Python"), RequirementInput("Kubernetes", "nice")),
    ),
    posting_fields(
        "Barista",
        locations=(LocationInput("DE"),),
        salary=SalaryInput(Decimal("12.5"), Decimal("14.05"), "EUR", "hour"),
        requirements=(),
    ),
    posting_fields("Tab\tand newline\u2028title", salary=None, seniority=None),
]


def _as_summary(detail: PostingDetail) -> PostingSummary:
    shared = {f.name: getattr(detail, f.name) for f in fields(PostingSummary)}
    shared["requirements"] = tuple(r.name for r in detail.requirements)
    return PostingSummary(**shared)


async def _publish_all(board: Container, clock: FixedClock) -> None:
    app = board.application()
    company = await verified_company(app, 'Acme "Quoted" & Sons')
    for posting in VARIED:
        posting_id = await app.commands.draft_posting(DraftPosting(company, posting))
        await app.commands.publish_posting(PublishPosting(company, posting_id))
        # One posting on a whole second, the next one not: both ways of writing a time.
        clock.advance(timedelta(minutes=1, microseconds=250_001))
    await board.projector().drain()


async def test_each_listed_summary_is_the_details_summary_as_the_api_encodes_it(
    board: Container,
) -> None:
    clock = FixedClock(datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    board.clock.override(providers.Object(clock))
    try:
        await _publish_all(board, clock)
        app = board.application()
        page = await app.queries.list_public_postings(ListPublicPostings())
    finally:
        board.clock.reset_override()

    assert len(page.items) == len(VARIED)
    assert {item.published_at.microsecond for item in page.items} >= {0, 250_001}
    for item in page.items:
        detail = await app.queries.get_public_posting(GetPublicPosting(item.posting_id))
        expected = encoded(_as_summary(detail))
        assert item.summary_json.encode() == expected
        assert summary_of(item) == _as_summary(detail)


@pytest.fixture
async def own_database(server_url: str) -> AsyncIterator[str]:
    """A migrated database of this test's own, as it goes down and up a revision."""
    async with scratch_database(server_url, "summaries") as url:
        await asyncio.to_thread(upgrade, url)
        yield url


async def _summaries(url: str) -> dict[UUID, str]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await connection.fetch("SELECT id, summary FROM public_postings")
    finally:
        await connection.close()
    return {row["id"]: row["summary"] for row in rows}


async def test_the_migration_gives_existing_rows_the_summary_a_projection_would(
    own_database: str,
) -> None:
    board = Container(
        settings=Settings(database_url=own_database, run_projector=False),
        database_url=own_database,
    )
    clock = FixedClock(datetime(2026, 11, 25, 9, 30, tzinfo=UTC))
    board.clock.override(providers.Object(clock))
    try:
        await _publish_all(board, clock)
    finally:
        await release(board)
    projected = await _summaries(own_database)

    await asyncio.to_thread(downgrade, own_database, "0003")
    await asyncio.to_thread(upgrade, own_database)

    assert len(projected) == len(VARIED)
    assert await _summaries(own_database) == projected
    board = Container(
        settings=Settings(database_url=own_database, run_projector=False),
        database_url=own_database,
    )
    try:
        verified = await board.application().commands.verify_read_models(VerifyReadModels())
    finally:
        await release(board)
    assert verified.consistent, verified.differences
