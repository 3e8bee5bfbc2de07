"""Rebuilding the read models from the write side, and proving a live projection right."""

from __future__ import annotations

from sqlalchemy import text

from adapters.container import Container
from adapters.postgres.public_postings_projection import COLUMNS
from application.commands.read_models import RebuildReadModels, VerifyReadModels
from board_story import published_posting, verified_company
from builders import AN_ADMIN


async def test_a_live_projection_verifies_equal_to_a_fresh_rebuild(board: Container) -> None:
    app = board.application()
    company = await verified_company(app)
    for title in ("One", "Two", "Three"):
        await published_posting(app, company, title)
    await board.projector().drain()

    result = await app.commands.verify_read_models(VerifyReadModels())

    assert result.consistent
    assert result.differences == ()


async def test_verify_names_missing_unexpected_and_stale_rows(board: Container) -> None:
    app, engine = board.application(), board.engine()
    company = await verified_company(app)
    missing = await published_posting(app, company, "Missing")
    stale = await published_posting(app, company, "Stale")
    await board.projector().drain()
    async with engine.begin() as connection:
        await connection.execute(
            text("DELETE FROM public_postings WHERE id = :id"), {"id": missing.posting_id}
        )
        await connection.execute(
            text("UPDATE public_postings SET title = 'tampered' WHERE id = :id"),
            {"id": stale.posting_id},
        )
        ghost = await connection.scalar(
            text(
                f"INSERT INTO public_postings ({COLUMNS})"
                f" SELECT gen_random_uuid(), {COLUMNS.removeprefix('id, ')}"
                " FROM public_postings WHERE id = :id RETURNING id"
            ),
            {"id": stale.posting_id},
        )

    result = await app.commands.verify_read_models(VerifyReadModels())

    assert not result.consistent
    rows = [d for d in result.differences if d.read_model == "public_postings"]
    assert {(d.key, d.problem) for d in rows} == {
        (str(missing.posting_id), "missing"),
        (str(stale.posting_id), "stale"),
        (str(ghost), "unexpected"),
    }


async def test_a_rebuild_restores_a_damaged_read_model(board: Container) -> None:
    app, engine = board.application(), board.engine()
    await published_posting(app)
    await published_posting(app, await verified_company(app, "Beta"))
    async with engine.begin() as connection:
        await connection.execute(text("DELETE FROM public_postings"))

    rows = await app.commands.rebuild_read_models(RebuildReadModels(actor=AN_ADMIN))

    # Counts: language en, country GB, two companies, Python, PostgreSQL, hybrid, full_time.
    assert rows == {
        "public_postings": 2,
        "public_companies": 2,
        "public_requirements": 2,
        "public_posting_counts": 8,
    }
    assert (await app.commands.verify_read_models(VerifyReadModels())).consistent
