"""The posting counts behind the directory: kept by triggers, swept as postings lapse,
read exactly at any clock, verified and rebuilt like every read model."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from dependency_injector import providers
from sqlalchemy import text

from adapters.container import Container
from adapters.postgres import public_counts
from adapters.postgres.facet_statements import counted, facet_statement
from adapters.postgres.facet_tally import top
from adapters.postgres.projector import Projection, Projector
from adapters.postgres.public_companies_projection import PublicCompaniesProjection
from adapters.postgres.public_postings_projection import PublicPostingsProjection
from adapters.postgres.public_requirements_projection import PublicRequirementsProjection
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import LocationInput, RequirementInput
from application.commands.posting_lifecycle import PublishPosting
from application.commands.read_models import RebuildReadModels, VerifyReadModels
from application.queries.public_postings import FACET_GROUPS, PostingFilters
from board_story import fields, verified_company
from builders import AN_ADMIN
from domain.ids import CompanyId
from fakes import FixedClock


async def _horizon(board: Container) -> datetime | None:
    async with board.engine().connect() as connection:
        found: datetime | None = await connection.scalar(
            text("SELECT swept_until FROM public_counts_horizon")
        )
    return found


async def _languages(board: Container, now: datetime) -> dict[str, int]:
    return {row.language: row.postings for row in await board.directory().languages(now)}


async def test_the_installed_count_functions_are_the_code_s(board: Container) -> None:
    """Migration 0003 froze a copy of the trigger functions; they must not drift apart."""
    expected = {
        match["name"]: match["body"]
        for statement in public_counts.install_statements()
        if (match := re.search(r"FUNCTION (?P<name>\w+)\(.*?\$\$(?P<body>.*)\$\$", statement, re.S))
    }
    async with board.engine().connect() as connection:
        rows = await connection.execute(
            text("SELECT proname, prosrc FROM pg_proc WHERE proname = ANY(:names)"),
            {"names": list(expected)},
        )
        installed = {row.proname: row.prosrc for row in rows}
    assert set(expected) == {
        "jobboard_count_keys",
        "jobboard_count_inserted",
        "jobboard_count_deleted",
        "jobboard_count_updated",
    }
    assert installed == expected


async def test_a_lapsed_posting_leaves_the_counts_before_and_after_the_sweep(
    board: Container,
) -> None:
    real_now = datetime.now(UTC)
    clock = FixedClock(real_now - timedelta(days=10))
    board.clock.override(providers.Object(clock))
    app = board.application()
    company = await verified_company(app)
    for until in (real_now - timedelta(days=1), real_now + timedelta(days=30)):
        posting = await app.commands.draft_posting(DraftPosting(company, fields()))
        await app.commands.publish_posting(PublishPosting(company, posting, valid_through=until))
    await _projector_without_upkeep(board).drain()
    horizon_before = await _horizon(board)

    # Read at the example's clock both count; at the real clock one has lapsed, unswept.
    assert await _languages(board, clock.now()) == {"en": 2}
    assert await _languages(board, real_now) == {"en": 1}

    await board.projector().tend()

    # The sweep took the lapsed posting out of the stored counts ...
    swept = await _horizon(board)
    assert swept is not None
    assert horizon_before is None or swept > horizon_before
    async with board.engine().connect() as connection:
        stored = await connection.scalar(
            text("SELECT postings FROM public_posting_counts WHERE dimension = 'language'")
        )
    assert stored == 1
    # ... and reading behind the sweep still counts it, reading now still does not.
    assert await _languages(board, clock.now()) == {"en": 2}
    assert await _languages(board, real_now) == {"en": 1}
    countries = await board.directory().countries("en", clock.now())
    assert [(c.country, c.postings) for c in countries] == [("GB", 2)]
    assert (await app.commands.verify_read_models(VerifyReadModels())).consistent

    # Nothing more lapsed: a second sweep writes nothing, not even the horizon.
    await board.projector().tend()
    assert await _horizon(board) == swept
    board.clock.reset_override()


def _projector_without_upkeep(board: Container) -> Projector:
    """The board's projections, with no sweep after their batches: counts left unswept."""
    projections: list[Projection] = [
        PublicPostingsProjection(),
        PublicCompaniesProjection(),
        PublicRequirementsProjection(),
    ]
    return Projector(board.engine(), projections)


async def test_a_projector_batch_sweeps_the_counts_after_itself(board: Container) -> None:
    """While events keep coming the projector never idles into its upkeep, so each batch
    sweeps what lapsed before it commits."""
    real_now = datetime.now(UTC)
    board.clock.override(providers.Object(FixedClock(real_now - timedelta(days=10))))
    app = board.application()
    company = await verified_company(app)
    posting = await app.commands.draft_posting(DraftPosting(company, fields()))
    lapsed = real_now - timedelta(days=1)
    await app.commands.publish_posting(PublishPosting(company, posting, valid_through=lapsed))
    board.clock.reset_override()

    assert await board.projector().drain() > 0

    swept = await _horizon(board)
    assert swept is not None and swept > lapsed
    async with board.engine().connect() as connection:
        stored = await connection.scalar(text("SELECT count(*) FROM public_posting_counts"))
    assert stored == 0  # the one posting lapsed, and the batch took it out of every count


async def test_verify_names_wrong_counts_and_a_rebuild_repairs_them(board: Container) -> None:
    app = board.application()
    company = await verified_company(app)
    posting = await app.commands.draft_posting(DraftPosting(company, fields()))
    await app.commands.publish_posting(PublishPosting(company, posting))
    await board.projector().drain()
    async with board.engine().begin() as connection:
        await connection.execute(
            text("UPDATE public_posting_counts SET postings = 7 WHERE dimension = 'language'")
        )
        await connection.execute(
            text("DELETE FROM public_posting_counts WHERE dimension = 'country'")
        )
        await connection.execute(
            text("INSERT INTO public_posting_counts VALUES ('country', 'FR', 'en', 3)")
        )

    found = (await app.commands.verify_read_models(VerifyReadModels())).differences

    assert {(d.read_model, d.key, d.problem) for d in found} == {
        ("public_posting_counts", "language:en:en", "stale"),
        ("public_posting_counts", "country:en:GB", "missing"),
        ("public_posting_counts", "country:en:FR", "unexpected"),
    }
    await app.commands.rebuild_read_models(RebuildReadModels(actor=AN_ADMIN))
    assert (await app.commands.verify_read_models(VerifyReadModels())).consistent
    assert await _languages(board, datetime.now(UTC)) == {"en": 1}


async def test_facets_read_from_the_counts_equal_facets_counted_over_the_postings(
    board: Container,
) -> None:
    """With no filter but the language, facets come from the counts; they must be what
    counting the postings themselves gives (remote countries, companies and all)."""
    await _board_of_four(board, {})
    reader, now = board.public_postings(), datetime.now(UTC)

    for filters in (PostingFilters(), PostingFilters(language="en"), PostingFilters(language="fr")):
        assert counted(filters)
        await _equals_scans(board, filters, await reader.facets(filters, FACET_GROUPS, now), now)
    assert not counted(PostingFilters(language="en", workplaces=("remote",)))


async def test_every_group_is_counted_under_every_filter_but_its_own(
    board: Container,
) -> None:
    """Under country=DE the country group counts every country (facets are disjunctive),
    while the groups with no filter of their own share one reading of the matches. Every
    group must equal counting the postings under every filter but its own."""
    await _board_of_four(board, {"locations": (LocationInput("DE", "Berlin"),)})
    reader, now = board.public_postings(), datetime.now(UTC)

    for filters in (
        PostingFilters(countries=("DE",)),
        PostingFilters(requirements=("Kafka",), language="en"),
        PostingFilters(company="globex"),
        PostingFilters(workplaces=("remote",), employment_types=("full_time",)),
    ):
        await _equals_scans(board, filters, await reader.facets(filters, FACET_GROUPS, now), now)


async def _board_of_four(board: Container, first: dict[str, Any]) -> None:
    """Two companies' postings: one of ``first``, a remote one open to DE and GB, a French
    one in Lyon and a contract asking for Kafka; projected."""
    app = board.application()
    acme, globex = await verified_company(app, "Acme Ltd"), await verified_company(app, "Globex")
    variants: list[tuple[CompanyId, dict[str, Any]]] = [
        (acme, first),
        (acme, {"workplace": "remote", "locations": (), "remote_countries": ("DE", "GB")}),
        (globex, {"language": "fr", "locations": (LocationInput("FR", "Lyon"),)}),
        (globex, {"employment_type": "contract", "requirements": (RequirementInput("Kafka"),)}),
    ]
    for company, overrides in variants:
        posting = await app.commands.draft_posting(DraftPosting(company, fields(**overrides)))
        await app.commands.publish_posting(PublishPosting(company, posting))
    await board.projector().drain()


async def _equals_scans(
    board: Container, filters: PostingFilters, answer: dict[str, Any], now: datetime
) -> None:
    """Each group of ``answer`` is what counting the postings under every filter but the
    group's own gives."""
    async with board.engine().connect() as connection:
        for group in FACET_GROUPS:
            rows = await connection.execute(facet_statement(group, filters, now))
            scanned = top({group: {row.value: (row.count, None) for row in rows}})
            assert [(f.value, f.count) for f in answer[group]] == [
                (f.value, f.count) for f in scanned[group]
            ], (filters, group)
