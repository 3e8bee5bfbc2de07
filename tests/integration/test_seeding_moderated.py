"""Seeding a board that runs the default moderation policy: the seed companies are new,
so their postings are submitted for review, and the loader approves its own (audited as
the seeding actor), so the seeded board is public as before."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.seeding import load_seeds
from adapters.settings import Settings
from application.audit import Actor
from application.queries.audit_log import ListAuditEntries
from application.queries.employer_views import ListOwnPostings
from domain.ids import CompanyId, PostingId

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEEDER = Actor.cli("seeder")


@pytest.fixture
async def moderated_board(
    database_url: str, clean_database: AsyncEngine
) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url, run_projector=False, moderation_new_company_days=14
    )
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


async def test_seed_postings_pass_moderation_approved_by_the_seeding_actor(
    moderated_board: Container,
) -> None:
    app = moderated_board.application()

    report = await load_seeds(app, SEEDS, SEEDER)

    assert len(report.postings_created) == 4
    log = await app.queries.list_audit_entries(ListAuditEntries(actor="cli:seeder", limit=100))
    approvals = [r.entry for r in log.items if r.entry.act == "approve_posting"]
    assert approvals, "a new company's seed postings are reviewed, then approved"
    assert all(e.reason == "seed data" for e in approvals)
    statuses: set[str] = set()
    async with moderated_board.unit_of_work() as uow:
        for entry in approvals:
            assert entry.aggregate is not None
            posting = await uow.postings.get(PostingId(entry.aggregate.id))
            statuses.add(posting.status.value)
            own = await app.queries.list_own_postings(
                ListOwnPostings(CompanyId(posting.company_id))
            )
            assert all(p.status == "published" for p in own)
    assert statuses == {"published"}
