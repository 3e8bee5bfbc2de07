"""Facet counts counted over the matches are kept while they can be made exact: the same
generation of public_postings; past the next lapse, or at a clock before their counting,
they are corrected by the postings that lapsed in between."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from adapters.container import Container
from adapters.postgres.facet_tally import Counts, Tally, top
from adapters.postgres.public_posting_reader import PostgresPublicPostingReader
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import LocationInput
from application.commands.posting_lifecycle import ClosePosting, PublishPosting
from application.queries.public_postings import (
    FACET_GROUPS,
    FacetCount,
    PostingFilters,
    PostingSearch,
    Sort,
)
from board_story import fields, verified_company
from domain.ids import CompanyId, PostingId

# A filter the counts cannot answer, so facets are counted over the matching postings.
IN_GERMANY = PostingFilters(countries=("DE",), workplaces=("hybrid",))
GROUPS = ("language", "workplace")


async def _publish(
    board: Container, company: CompanyId, valid_through: datetime | None = None
) -> PostingId:
    app = board.application()
    draft = DraftPosting(company, fields(locations=(LocationInput("DE", "Berlin"),)))
    posting = await app.commands.draft_posting(draft)
    await app.commands.publish_posting(PublishPosting(company, posting, valid_through))
    await board.projector().drain()
    return posting


Ask = Callable[
    [PostgresPublicPostingReader, PostingFilters, datetime],
    Awaitable[dict[str, tuple[FacetCount, ...]]],
]


async def _alone(
    reader: PostgresPublicPostingReader, filters: PostingFilters, now: datetime
) -> dict[str, tuple[FacetCount, ...]]:
    return await reader.facets(filters, GROUPS, now)


async def _with_the_page(
    reader: PostgresPublicPostingReader, filters: PostingFilters, now: datetime
) -> dict[str, tuple[FacetCount, ...]]:
    """Facets as a search page asks for them: the state comes with the page's rows."""
    search = PostingSearch(filters, Sort.NEWEST, 21, None, now)
    page, facets = await reader.search_with_facets(search, GROUPS, now)
    assert page == await reader.search(search, now)
    return facets


# Facets asked on their own, and with a page of results (whose rows bring the state).
ASKED = pytest.mark.parametrize("ask", [_alone, _with_the_page], ids=["alone", "with-page"])


def _workplaces(facets: dict[str, tuple[FacetCount, ...]]) -> dict[str, int]:
    return {f.value: f.count for f in facets["workplace"]}


@ASKED
async def test_the_same_facets_are_counted_once_until_the_board_changes(
    board: Container, ask: Ask
) -> None:
    reader, now = board.public_postings(), datetime.now(UTC)
    company = await verified_company(board.application())
    first = await _publish(board, company)

    counted = await ask(reader, IN_GERMANY, now)
    again = await ask(reader, IN_GERMANY, now + timedelta(seconds=1))

    assert again == counted
    assert _workplaces(counted) == {"hybrid": 1}
    assert reader.facet_cache.hits == 1

    # A new posting changes public_postings: counted afresh, and it counts.
    await _publish(board, company)
    assert _workplaces(await ask(reader, IN_GERMANY, now)) == {"hybrid": 2}
    assert reader.facet_cache.hits == 1

    # So does a posting leaving the board.
    await board.application().commands.close_posting(ClosePosting(company, first))
    await board.projector().drain()
    assert _workplaces(await ask(reader, IN_GERMANY, now)) == {"hybrid": 1}
    assert reader.facet_cache.hits == 1


@ASKED
async def test_kept_facets_are_corrected_for_lapses_both_ways(board: Container, ask: Ask) -> None:
    reader, now = board.public_postings(), datetime.now(UTC)
    company = await verified_company(board.application())
    await _publish(board, company, valid_through=now + timedelta(days=1))
    await _publish(board, company, valid_through=now + timedelta(days=9))
    assert _workplaces(await ask(reader, IN_GERMANY, now)) == {"hybrid": 2}

    # The first posting lapses: nothing was projected, yet the counts drop it; the kept
    # counts are corrected by the postings that lapsed, not counted again.
    later = now + timedelta(days=2)
    assert _workplaces(await ask(reader, IN_GERMANY, later)) == {"hybrid": 1}
    assert (reader.facet_cache.hits, reader.facet_cache.corrections) == (0, 1)
    # The second one lapses too: the value goes from the answer.
    latest = now + timedelta(days=10)
    assert _workplaces(await ask(reader, IN_GERMANY, latest)) == {}
    assert reader.facet_cache.corrections == 2
    # Asked at an earlier clock than they were counted at (a request that read its clock
    # before another one corrected them), the postings that lapsed in between are added
    # back; the kept counts stay those of the latest clock.
    assert _workplaces(await ask(reader, IN_GERMANY, now)) == {"hybrid": 2}
    assert _workplaces(await ask(reader, IN_GERMANY, later)) == {"hybrid": 1}
    assert reader.facet_cache.backdated == 2
    assert _workplaces(await ask(reader, IN_GERMANY, latest)) == {}
    assert (reader.facet_cache.hits, reader.facet_cache.corrections) == (1, 2)


async def test_without_a_generation_nothing_is_kept(board: Container) -> None:
    reader, now = board.public_postings(), datetime.now(UTC)
    await _publish(board, await verified_company(board.application()))
    async with board.engine().begin() as connection:
        await connection.execute(text("DELETE FROM public_postings_generation"))

    await reader.facets(IN_GERMANY, GROUPS, now)
    await reader.facets(IN_GERMANY, GROUPS, now)

    assert reader.facet_cache.hits == 0


@pytest.mark.parametrize(
    "filters",
    [
        PostingFilters(countries=("DE", "AT"), employment_types=("full_time", "contract")),
        PostingFilters(),  # the landing page: counted from public_posting_counts
        PostingFilters(language="en"),
    ],
    ids=["scanned", "counted", "counted-in-language"],
)
async def test_corrected_counts_equal_counting_again_at_every_clock(
    board: Container, filters: PostingFilters
) -> None:
    """Postings of two companies, in several countries, workplaces and contracts, lapse one
    by one: at each clock the kept-and-corrected answer is what a fresh count gives, for
    answers counted over the matches and answers read from the counts alike."""
    app, now = board.application(), datetime.now(UTC)
    companies = [await verified_company(app, name) for name in ("Acme Ltd", "Globex")]
    places = [("DE", "Berlin"), ("DE", "Munich"), ("AT", "Vienna")]
    for n in range(9):
        company = companies[n % 2]
        country, city = places[n % 3]
        draft = DraftPosting(
            company,
            fields(
                locations=(LocationInput(country, city),),
                workplace=("hybrid", "onsite", "remote")[n % 3],
                employment_type=("full_time", "contract")[n % 2],
            ),
        )
        posting = await app.commands.draft_posting(draft)
        valid_through = now + timedelta(days=1 + n)
        await app.commands.publish_posting(PublishPosting(company, posting, valid_through))
    await board.projector().drain()
    kept = board.public_postings()

    for day in range(12):
        clock = now + timedelta(days=day, hours=12)
        answer = await kept.facets(filters, FACET_GROUPS, clock)
        fresh = PostgresPublicPostingReader(board.read_engine(), board.read_pool())
        assert answer == await fresh.facets(filters, FACET_GROUPS, clock), f"day {day}"
    assert kept.facet_cache.corrections >= 8
    assert answer == dict.fromkeys(FACET_GROUPS, ())

    # And back, each clock behind the kept counts: the lapsed postings are added back.
    for day in reversed(range(11)):
        clock = now + timedelta(days=day, hours=12)
        answer = await kept.facets(filters, FACET_GROUPS, clock)
        fresh = PostgresPublicPostingReader(board.read_engine(), board.read_pool())
        assert answer == await fresh.facets(filters, FACET_GROUPS, clock), f"back to day {day}"
    # The counts were last corrected at day 9's clock (the last lapse): days 8 to 0 are
    # behind it, days 10 and 9 are not.
    assert kept.facet_cache.backdated == 9
    assert any(answer.values())


async def test_the_same_facets_asked_at_once_are_counted_once(board: Container) -> None:
    """A landing page under load: requests for the same filters while they are being
    counted wait for that count instead of counting too."""
    reader, now = board.public_postings(), datetime.now(UTC)
    await _publish(board, await verified_company(board.application()))

    answers = await asyncio.gather(*(reader.facets(IN_GERMANY, GROUPS, now) for _ in range(5)))

    assert all(answer == answers[0] for answer in answers)
    assert _workplaces(answers[0]) == {"hybrid": 1}
    assert reader.facet_cache.hits == 4


def test_a_tally_moved_by_lapses_ranks_as_one_counted_afresh() -> None:
    """A correction moves only the values that changed; the answer is the one a fresh
    ranking of the corrected counts gives, in both directions, ties and vanished values
    included."""
    rng = random.Random(7)
    for _ in range(200):
        counts: Counts = {
            "company": {f"c{n}": (rng.randint(1, 9), f"C {n}") for n in range(rng.randint(0, 80))},
            "workplace": {w: (rng.randint(1, 5), None) for w in ("hybrid", "onsite", "remote")},
        }
        lapsed: Counts = {
            group: {
                value: (rng.randint(1, count), label)
                for value, (count, label) in found.items()
                if rng.random() < 0.3
            }
            for group, found in counts.items()
        }
        less: Counts = {
            group: {
                value: (count - lapsed[group].get(value, (0, None))[0], label)
                for value, (count, label) in found.items()
                if count > lapsed[group].get(value, (0, None))[0]
            }
            for group, found in counts.items()
        }
        tally = Tally.of(counts)
        assert tally.moved(lapsed, -1).answer() == top(less)
        assert Tally.of(less).moved(lapsed, +1).answer() == top(counts)
        assert tally.answer() == top(counts)  # the tally moved from is left as it was
