"""The near-duplicate index on PostgreSQL: signatures written with the publish, found by
their band keys through the index (never a scan), kept for the repost window, purged by
the upkeep; and two racing publishes of one company's ad on real connections."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container
from adapters.postgres.near_duplicate_index import NEAR, PurgeSignatures
from application.catalogue import Application
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import PostingPatch
from application.commands.posting_lifecycle import ClosePosting, PublishPosting
from application.commands.revise_posting import RevisePosting
from board_story import fields, verified_company
from domain.errors import RepostRefused
from domain.ids import CompanyId, PostingId
from domain.near_duplicates import BANDS, AdSignature, DuplicateFinding
from near_duplicate_texts import (
    busuu,
    busuu_different_role,
    seed_text,
    with_new_date_line,
    with_reordered_lines,
    with_small_edits,
)

SINCE = datetime(2026, 1, 1, tzinfo=UTC)


async def _draft(app: Application, company: CompanyId, description: str) -> PostingId:
    ad = dataclasses.replace(fields("Senior Backend Engineer"), description=description)
    return await app.commands.draft_posting(DraftPosting(company, ad))


async def _publish(app: Application, company: CompanyId, description: str) -> PostingId:
    posting = await _draft(app, company, description)
    await app.commands.publish_posting(PublishPosting(company, posting))
    return posting


async def _scalar(engine: AsyncEngine, sql: str, **params: object) -> object:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql), params)).scalar()


async def test_a_publish_writes_the_signature_and_its_band_keys(
    board: Container, clean_database: AsyncEngine
) -> None:
    app = board.application()
    company = await verified_company(app)

    posting = await _publish(app, company, busuu())

    stored = await _scalar(
        clean_database,
        "SELECT count(*) FROM near_duplicate_bands WHERE posting_id = :p",
        p=posting,
    )
    assert stored == BANDS
    minhash = await _scalar(
        clean_database,
        "SELECT minhash FROM near_duplicate_signatures WHERE posting_id = :p AND company_id = :c",
        p=posting,
        c=company,
    )
    expected = AdSignature.of_text("\n".join(["Senior Backend Engineer", busuu()]))
    assert expected is not None and isinstance(minhash, bytes) and len(minhash) == 512
    assert int.from_bytes(minhash[:4], "big") == expected.values[0]


@pytest.mark.parametrize(
    "variant",
    [with_new_date_line, with_reordered_lines, with_small_edits],
    ids=["new-date-line", "reordered-bullets", "small-edits"],
)
async def test_a_repost_is_refused_and_leaves_nothing_behind(
    board: Container, clean_database: AsyncEngine, variant: object
) -> None:
    app = board.application()
    company = await verified_company(app)
    first = await _publish(app, company, busuu())
    again = await _draft(app, company, variant(busuu()))  # type: ignore[operator]
    outbox = await _scalar(clean_database, "SELECT count(*) FROM outbox")

    with pytest.raises(RepostRefused) as refused:
        await app.commands.publish_posting(PublishPosting(company, again))

    assert refused.value.earlier_posting_id == first
    assert await _scalar(clean_database, "SELECT count(*) FROM outbox") == outbox
    assert await _scalar(clean_database, "SELECT status FROM postings WHERE id = :p", p=again) == (
        "draft"
    )
    assert await _scalar(clean_database, "SELECT count(*) FROM near_duplicate_signatures") == 1
    # The company's lock went with the refused unit of work: its next publish goes ahead.
    other = await asyncio.wait_for(_publish(app, company, busuu_different_role()), 10)
    assert other


async def test_a_different_role_passes_and_a_clone_is_held_for_review_and_flagged(
    board: Container, clean_database: AsyncEngine
) -> None:
    app = board.application()
    company = await verified_company(app, "Busuu")
    scammer = await verified_company(app, "Totally Busuu Ltd")
    original = await _publish(app, company, busuu())
    await _publish(app, company, busuu_different_role())

    clone = await _draft(app, scammer, with_new_date_line(busuu()))
    outcome = await app.commands.publish_posting.wrapped.publish(  # type: ignore[attr-defined]
        PublishPosting(scammer, clone)
    )

    assert outcome.duplicates.finding is DuplicateFinding.POSSIBLE_CLONE
    assert outcome.posting.status == "in_review"
    async with clean_database.connect() as connection:
        rows = (
            await connection.execute(
                text("SELECT event_type, payload FROM outbox WHERE aggregate_id = :p ORDER BY id"),
                {"p": clone},
            )
        ).all()
    assert [r[0] for r in rows][-2:] == [
        "PostingSubmittedForReview",
        "PostingFlaggedAsPossibleClone",
    ]
    payload = rows[-1][1]
    assert payload["original_posting_id"] == str(original)
    assert payload["original_company_id"] == str(company)
    assert payload["similarity"] >= 0.8


async def test_two_racing_publishes_of_one_ad_do_not_both_pass(
    board: Container, clean_database: AsyncEngine
) -> None:
    app = board.application()
    company = await verified_company(app)
    drafts = [await _draft(app, company, t) for t in (busuu(), with_new_date_line(busuu()))]

    for _ in range(3):  # a few rounds: each a real race on two connections
        results = await asyncio.gather(
            *(app.commands.publish_posting(PublishPosting(company, d)) for d in drafts),
            return_exceptions=True,
        )
        refused = [r for r in results if isinstance(r, RepostRefused)]
        assert len(refused) == 1, results
        published = await _scalar(
            clean_database,
            "SELECT count(*) FROM postings WHERE company_id = :c AND status = 'published'",
            c=company,
        )
        assert published == 1
        # Next round: take the published one off the board and out of the window.
        (winner,) = [d for d, r in zip(drafts, results, strict=True) if r is not refused[0]]
        await app.commands.close_posting(ClosePosting(company, winner))
        await _age_out(clean_database, winner, days=31)
        drafts = [d for d in drafts if d != winner] + [
            await _draft(app, company, with_small_edits(busuu()))
        ]


async def _age_out(engine: AsyncEngine, posting: PostingId, days: int) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE postings SET ended_at = ended_at - make_interval(days => :d) WHERE id = :p"
            ),
            {"d": days, "p": posting},
        )


async def test_a_posting_counts_for_the_repost_window_after_it_leaves_the_board(
    board: Container, clean_database: AsyncEngine
) -> None:
    app = board.application()
    company = await verified_company(app)
    first = await _publish(app, company, busuu())
    await app.commands.close_posting(ClosePosting(company, first))
    await _age_out(clean_database, first, days=29)
    with pytest.raises(RepostRefused):
        await _publish(app, company, with_new_date_line(busuu()))

    await _age_out(clean_database, first, days=2)  # closed 31 days ago
    assert await _publish(app, company, with_new_date_line(busuu()))


async def test_the_upkeep_purges_signatures_past_the_window_only(
    board: Container, clean_database: AsyncEngine
) -> None:
    app = board.application()
    company = await verified_company(app)
    public = await _publish(app, company, seed_text(0))
    recent = await _publish(app, company, seed_text(1))
    old = await _publish(app, company, seed_text(2))
    for posting in (recent, old):
        await app.commands.close_posting(ClosePosting(company, posting))
    await _age_out(clean_database, recent, days=29)
    await _age_out(clean_database, old, days=31)

    async with clean_database.begin() as connection:
        await PurgeSignatures(30)(connection)

    async with clean_database.connect() as connection:
        kept = await connection.execute(text("SELECT posting_id FROM near_duplicate_signatures"))
        bands = await connection.execute(
            text("SELECT DISTINCT posting_id FROM near_duplicate_bands")
        )
        assert {r[0] for r in kept} == {public, recent}
        assert {r[0] for r in bands} == {public, recent}


async def test_the_lookup_reads_the_band_index_not_every_signature(
    board: Container, clean_database: AsyncEngine
) -> None:
    app = board.application()
    company = await verified_company(app)
    posting = await _publish(app, company, busuu())
    async with clean_database.begin() as connection:
        # Many band keys of other signatures' worth: 50k rows under one posting.
        await connection.execute(
            text(
                "INSERT INTO near_duplicate_bands (band_key, posting_id)"
                " SELECT (random() * 9.2e18)::bigint, :p FROM generate_series(1, 50000)"
                " ON CONFLICT DO NOTHING"
            ),
            {"p": posting},
        )
        await connection.execute(text("ANALYZE near_duplicate_bands"))
        await connection.execute(text("ANALYZE near_duplicate_signatures"))
    signature = AdSignature.of_text(busuu())
    assert signature is not None
    async with clean_database.connect() as connection:
        plan = "\n".join(
            row[0]
            for row in await connection.execute(
                text(f"EXPLAIN {NEAR.text}"),
                {
                    "keys": list(signature.band_keys()),
                    "left_since": datetime(2026, 1, 1, tzinfo=UTC),
                },
            )
        )
    assert "pk_near_duplicate_bands" in plan, plan
    assert "Seq Scan on near_duplicate_bands" not in plan, plan


async def test_revising_a_public_posting_replaces_its_signature(
    board: Container, clean_database: AsyncEngine
) -> None:
    app = board.application()
    company = await verified_company(app)
    posting = await _publish(app, company, busuu_different_role())
    before = await _scalar(
        clean_database, "SELECT minhash FROM near_duplicate_signatures WHERE posting_id = :p",
        p=posting,
    )  # fmt: skip

    await app.commands.revise_posting(
        RevisePosting(company, posting, PostingPatch(description=busuu()))
    )

    after = await _scalar(
        clean_database, "SELECT minhash FROM near_duplicate_signatures WHERE posting_id = :p",
        p=posting,
    )  # fmt: skip
    assert after != before
    assert await _scalar(clean_database, "SELECT count(*) FROM near_duplicate_bands") == BANDS
    with pytest.raises(RepostRefused):
        await _publish(app, company, with_new_date_line(busuu()))
