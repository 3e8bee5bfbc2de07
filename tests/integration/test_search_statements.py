"""The compiled search statements: one per shape, filled by each search's own values, and
answering exactly what the statement itself answers through SQLAlchemy."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.container import Container
from adapters.postgres.compiled_search import compiled_search
from adapters.postgres.search_statement import search_statement
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import LocationInput
from application.commands.posting_lifecycle import PublishPosting
from application.queries.public_postings import PostingFilters, PostingSearch, SearchCursor, Sort
from board_story import fields, verified_company

NOW = datetime.now(UTC)


def _search(
    filters: PostingFilters,
    sort: Sort = Sort.NEWEST,
    after: SearchCursor | None = None,
    now: datetime = NOW,
) -> PostingSearch:
    return PostingSearch(filters, sort, 3, after, now)


def test_searches_of_one_shape_share_a_statement_and_keep_their_own_values() -> None:
    german, _ = compiled_search(_search(PostingFilters(countries=("DE",))), NOW)
    french, values = compiled_search(_search(PostingFilters(countries=("FR",))), NOW)
    both, _ = compiled_search(_search(PostingFilters(countries=("FR",), language="fr")), NOW)

    assert french is german
    assert ["FR"] in french.arguments(values)
    assert ["DE"] not in french.arguments(values)
    assert both is not french
    assert both.sql != french.sql


async def test_the_compiled_statement_answers_what_the_statement_answers(
    board: Container,
) -> None:
    app = board.application()
    company = await verified_company(app)
    places = [("DE", "Berlin"), ("FR", "Paris"), ("DE", "Munich"), ("GB", "Leeds")] * 2
    for n, (country, city) in enumerate(places):
        title = f"Kafka engineer {n}" if n % 2 else f"Python developer {n}"
        overrides = {"locations": (LocationInput(country, city),)}
        posting = await app.commands.draft_posting(
            DraftPosting(company, fields(title, **overrides))
        )
        await app.commands.publish_posting(PublishPosting(company, posting))
    await board.projector().drain()
    pool, now = board.read_pool(), datetime.now(UTC)
    first_de = _search(PostingFilters(countries=("DE",)))
    async with board.engine().connect() as connection:
        newest = (await connection.execute(search_statement(first_de, now))).all()
    after = SearchCursor(Sort.NEWEST, newest[-1].published_at, newest[-1].id)
    searches = [
        first_de,
        _search(PostingFilters(countries=("DE", "GB"), city="Leeds")),
        _search(PostingFilters(countries=("DE",)), after=after),
        _search(PostingFilters(q="kafka"), Sort.RELEVANCE, now=now),
        _search(PostingFilters(q="engineer", language="en"), Sort.RELEVANCE, now=now),
    ]
    for search in searches:
        compiled, values = compiled_search(search, now)
        through_driver = await pool.fetch(compiled.sql, compiled.arguments(values))
        async with board.engine().connect() as connection:
            through_engine = (await connection.execute(search_statement(search, now))).all()
        assert [r["id"] for r in through_driver] == [r.id for r in through_engine], search
        assert through_engine, search


async def test_the_read_pool_plans_every_search_for_its_own_values(board: Container) -> None:
    """A generic plan would serve a common word and a rare one alike (and one of them badly)."""
    rows = await board.read_pool().fetch("SHOW plan_cache_mode", [])
    assert rows[0][0] == "force_custom_plan"


async def test_the_read_pool_never_compiles_a_search(board: Container) -> None:
    """A search runs in milliseconds; compiling a ranked statement took 11-12 ms more."""
    rows = await board.read_pool().fetch("SHOW jit", [])
    assert rows[0][0] == "off"
