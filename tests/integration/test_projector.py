"""The projector on real PostgreSQL: once-only application, wake-up, replays, visibility."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from uuid import UUID

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.container import Container, release
from adapters.postgres.database import asyncpg_dsn, create_engine
from adapters.postgres.projector import Projector, StoredEvent, sql_uuids
from adapters.postgres.public_postings_projection import PublicPostingsProjection
from adapters.settings import Settings
from application.commands.company_status import ReinstateCompany, SuspendCompany
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import PostingPatch
from application.commands.posting_lifecycle import ClosePosting, PublishPosting, TakeDownPosting
from application.commands.requirement_catalogue import AddRequirement, MergeRequirements
from application.commands.revise_posting import RevisePosting
from board_story import fields, published_posting, verified_company
from builders import AN_ADMIN
from domain.ids import RequirementId
from e2e_support import eventually


class CountingProjection:
    """Counts how often each event is applied."""

    name = "counting"

    def __init__(self) -> None:
        self.applied: Counter[int] = Counter()

    def statements(self, events: Sequence[StoredEvent]) -> list[str]:
        self.applied.update(e.id for e in events)
        return []


async def _public_titles(engine: AsyncEngine) -> dict[UUID, str]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT id, title FROM public_postings"))
        return {row.id: row.title for row in rows}


async def _unprojected(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            text("SELECT count(*) FROM outbox WHERE projected_at IS NULL")
        )
        return int(count or 0)


async def _outbox_ids(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as connection:
        return list((await connection.execute(text("SELECT id FROM outbox ORDER BY id"))).scalars())


async def test_two_projectors_apply_each_event_exactly_once(board: Container) -> None:
    app, engine = board.application(), board.engine()
    for n in range(12):
        await published_posting(app, await verified_company(app, f"Company {n}"))
    counting = CountingProjection()
    projectors = [
        Projector(engine, [PublicPostingsProjection(), counting], batch_size=7) for _ in range(2)
    ]

    await asyncio.gather(*(p.drain() for p in projectors))

    every_event = await _outbox_ids(engine)
    assert len(every_event) > 12 * 4
    assert sorted(counting.applied) == every_event
    assert set(counting.applied.values()) == {1}
    assert len(await _public_titles(engine)) == 12


async def test_events_are_handed_to_projections_in_outbox_order(board: Container) -> None:
    app, engine = board.application(), board.engine()
    await published_posting(app)
    seen: list[int] = []

    class Recording:
        name = "recording"

        def statements(self, events: Sequence[StoredEvent]) -> list[str]:
            seen.extend(e.id for e in events)
            return []

    await Projector(engine, [Recording()], batch_size=2).drain()

    assert seen == await _outbox_ids(engine)


async def test_while_events_keep_coming_the_upkeep_runs_once_an_interval(
    board: Container,
) -> None:
    app, engine = board.application(), board.engine()
    runs: list[int] = []

    async def upkeep(connection: AsyncConnection) -> None:
        runs.append(1)

    def projector(interval: float) -> Projector:
        # Batches of one event: every event is a batch of its own.
        return Projector(engine, [], batch_size=1, upkeep=[upkeep], upkeep_interval=interval)

    await published_posting(app)  # a sign-up, a verification, a draft and a publish
    batches = await projector(3600).drain()
    assert batches >= 4
    assert len(runs) == 1  # the first batch only: an hour has not passed since

    await published_posting(app, await verified_company(app, "Second Ltd"))
    runs.clear()
    batches = await projector(0).drain()
    assert batches >= 4
    assert len(runs) == batches  # with no interval, every batch


async def test_a_batch_is_visible_before_its_upkeep_runs(board: Container) -> None:
    """The upkeep (the counts' sweep) runs after a batch has committed, not inside it: a
    reader waiting for a write never waits for the sweep too."""
    app, engine = board.application(), board.engine()
    unprojected_during_upkeep: list[int] = []

    async def upkeep(connection: AsyncConnection) -> None:
        unprojected_during_upkeep.append(await _unprojected(engine))  # another connection

    await published_posting(app)
    assert await _unprojected(engine) > 0
    await Projector(engine, [PublicPostingsProjection()], upkeep=[upkeep]).drain()

    assert unprojected_during_upkeep == [0]


async def test_a_notification_wakes_the_projector_long_before_its_poll(board: Container) -> None:
    app, engine = board.application(), board.engine()
    projector = Projector(
        engine,
        [PublicPostingsProjection()],
        listen_dsn=asyncpg_dsn(board.database_url()),
        poll_interval=600,
    )
    stop = asyncio.Event()
    running = asyncio.create_task(projector.run(stop))
    try:
        company = await verified_company(app)
        draft = await app.commands.draft_posting(DraftPosting(company, fields()))
        # Once these are projected the projector is idle, waiting: only NOTIFY can wake it now.
        await eventually(lambda: _unprojected(engine), lambda n: n == 0)
        await app.commands.publish_posting(PublishPosting(company, draft))
        titles = await eventually(lambda: _public_titles(engine), lambda t: draft in t, within=10)
    finally:
        stop.set()
        await running
    assert titles[draft] == "Backend Engineer"


async def test_without_notifications_the_projector_still_catches_up_by_polling(
    board: Container,
) -> None:
    app, engine = board.application(), board.engine()
    projector = Projector(engine, [PublicPostingsProjection()], poll_interval=0.05)
    stop = asyncio.Event()
    running = asyncio.create_task(projector.run(stop))
    try:
        published = await published_posting(app)
        await eventually(lambda: _public_titles(engine), lambda t: published.posting_id in t)
    finally:
        stop.set()
        await running


async def test_replaying_events_changes_nothing(board: Container) -> None:
    app, engine = board.application(), board.engine()
    await published_posting(app)
    await board.projector().drain()
    before = await _snapshot(engine)

    async with engine.begin() as connection:
        await connection.execute(text("UPDATE outbox SET projected_at = NULL"))
    replayed = await board.projector().drain()

    assert replayed > 0
    assert await _snapshot(engine) == before


async def test_an_older_state_never_overwrites_a_newer_row(board: Container) -> None:
    app, engine = board.application(), board.engine()
    published = await published_posting(app)
    await board.projector().drain()
    async with engine.begin() as connection:
        # Pretend the row already reflects a later version than the write side holds.
        await connection.execute(text("UPDATE public_postings SET version = 99, title = 'newer'"))
        await connection.execute(text("UPDATE outbox SET projected_at = NULL"))

    await board.projector().drain()

    assert (await _public_titles(engine))[published.posting_id] == "newer"


async def test_the_public_board_follows_the_write_side(board: Container) -> None:
    app, engine, projector = board.application(), board.engine(), board.projector()
    published = await published_posting(app)
    company, posting = published.company_id, published.posting_id
    await projector.drain()
    assert posting in await _public_titles(engine)

    await app.commands.revise_posting(
        RevisePosting(company, posting, PostingPatch(title="Staff Engineer"))
    )
    await projector.drain()
    assert (await _public_titles(engine))[posting] == "Staff Engineer"

    await app.commands.suspend_company(SuspendCompany(company, "spam", actor=AN_ADMIN))
    await projector.drain()
    assert posting not in await _public_titles(engine)

    await app.commands.reinstate_company(ReinstateCompany(company, actor=AN_ADMIN))
    await projector.drain()
    assert posting in await _public_titles(engine)

    await app.commands.close_posting(ClosePosting(company, posting))
    await projector.drain()
    assert posting not in await _public_titles(engine)


async def test_a_taken_down_posting_leaves_the_board(board: Container) -> None:
    app, engine = board.application(), board.engine()
    published = await published_posting(app)
    await board.projector().drain()

    await app.commands.take_down_posting(
        TakeDownPosting(published.posting_id, "misleading", actor=AN_ADMIN)
    )
    await board.projector().drain()

    assert published.posting_id not in await _public_titles(engine)


async def test_postings_follow_a_requirement_merge(board: Container) -> None:
    app, engine = board.application(), board.engine()
    canonical = await app.commands.add_requirement(
        AddRequirement("Postgres (SQL)", "skill", actor=AN_ADMIN)
    )
    published = await published_posting(app)  # asks for "PostgreSQL", proposed as pending
    async with engine.connect() as connection:
        proposed = await connection.scalar(
            text("SELECT id FROM requirements WHERE name = 'PostgreSQL'")
        )

    await app.commands.merge_requirements(
        MergeRequirements(RequirementId(proposed), canonical, actor=AN_ADMIN)
    )
    await board.projector().drain()

    async with engine.connect() as connection:
        names = await connection.scalar(
            text("SELECT requirement_names FROM public_postings WHERE id = :id"),
            {"id": published.posting_id},
        )
    assert names == ["Postgres (SQL)", "Python"]


async def _snapshot(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT * FROM public_postings ORDER BY id"))
        return [tuple(v for k, v in row._mapping.items() if k != "projected_at") for row in rows]


async def test_the_projector_keeps_up_while_requests_hold_every_connection(
    database_url: str, clean_database: AsyncEngine
) -> None:
    """The in-process projector has a connection of its own: writes that take the whole
    request pool (a burst of them, say) do not hold the read models back."""
    settings = Settings(
        database_url=database_url, run_projector=False, db_pool_size=1, db_pool_timeout=30.0
    )
    board = Container(settings=settings, database_url=database_url)
    try:
        app, engine = board.application(), board.engine()
        published = await published_posting(app)
        async with engine.connect() as held, engine.connect() as overflow:  # the whole pool
            await held.execute(text("SELECT 1"))
            await overflow.execute(text("SELECT 1"))
            async with asyncio.timeout(5):  # far below the pool's 30 s wait
                applied = await board.projector().drain()
            assert applied > 0
            titles = await held.execute(text("SELECT id FROM public_postings"))
            assert published.posting_id in set(titles.scalars())
    finally:
        await release(board)


async def test_projector_commits_do_not_wait_for_the_disk_but_writes_do(board: Container) -> None:
    """Read models are derived: a batch lost in a crash loses its outbox marks with it, and
    is projected again. A write's 2xx, though, means it is on disk."""
    async with board.projector_engine().connect() as connection:
        assert await connection.scalar(text("SHOW synchronous_commit")) == "off"
    async with board.engine().connect() as connection:
        assert await connection.scalar(text("SHOW synchronous_commit")) == "on"


async def test_the_projector_never_compiles_its_statements(board: Container) -> None:
    """Its statements run in a millisecond on a batch's rows; at a million postings one was
    estimated past the JIT threshold and spent about 12 ms of each batch compiling."""
    async with board.projector_engine().connect() as connection:
        assert await connection.scalar(text("SHOW jit")) == "off"


class Failing:
    """A projection whose statement the server refuses (a division by zero)."""

    name = "failing"

    def statements(self, events: Sequence[StoredEvent]) -> list[str]:
        return ["SELECT 1 / 0"]


async def test_a_refused_statement_undoes_the_batch_and_the_connection_serves_the_next(
    board: Container,
) -> None:
    """The batch's statements go as one script with its COMMIT: when the server refuses
    one, nothing of the batch stays (the events are not marked), and the connection,
    rolled back, goes on to apply the next batch."""
    app, engine = board.application(), board.engine()
    published = await published_posting(app)
    waiting = await _unprojected(engine)
    projector_engine = create_engine(board.database_url(), pool_size=1, check_connections=False)
    try:
        with pytest.raises(asyncpg.DataError):
            await Projector(projector_engine, [PublicPostingsProjection(), Failing()]).drain()
        assert await _unprojected(engine) == waiting
        assert published.posting_id not in await _public_titles(engine)

        applied = await Projector(projector_engine, [PublicPostingsProjection()]).drain()
    finally:
        await projector_engine.dispose()

    assert applied == waiting
    assert published.posting_id in await _public_titles(engine)


async def test_a_batch_cancelled_mid_statement_leaves_no_connection_behind_in_it(
    board: Container,
) -> None:
    """A cancelled wait may leave a reply half-read: that connection is dropped, never
    handed to the next batch (which would find it busy, or inside the old transaction)."""
    app, engine = board.application(), board.engine()
    await published_posting(app)
    waiting = await _unprojected(engine)

    class Slow:
        name = "slow"

        def statements(self, events: Sequence[StoredEvent]) -> list[str]:
            return ["SELECT pg_sleep(30)"]

    projector_engine = create_engine(board.database_url(), pool_size=1, check_connections=False)
    try:
        batch = asyncio.create_task(Projector(projector_engine, [Slow()]).run_once())
        await eventually(lambda: _sleeping(engine), lambda n: n == 1)
        batch.cancel()
        with pytest.raises(asyncio.CancelledError):
            await batch
        applied = await Projector(projector_engine, [PublicPostingsProjection()]).drain()
    finally:
        await projector_engine.dispose()

    assert applied == waiting
    assert await _unprojected(engine) == 0


async def _sleeping(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE query LIKE '%pg_sleep(30)%' AND pid <> pg_backend_pid()"
            )
        )
        return int(count or 0)


def test_only_uuids_are_written_into_a_projection_statement() -> None:
    a, b = UUID("00000000-0000-0000-0000-000000000002"), UUID(int=1)
    assert sql_uuids([a, b]) == (
        "'{00000000-0000-0000-0000-000000000001,00000000-0000-0000-0000-000000000002}'::uuid[]"
    )
    assert sql_uuids([]) == "'{}'::uuid[]"
    with pytest.raises(TypeError):
        sql_uuids(["00000000-0000-0000-0000-000000000001'); DROP TABLE outbox; --"])  # type: ignore[list-item]
