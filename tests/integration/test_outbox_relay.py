"""The relay on real PostgreSQL and the real NATS server: every outbox event reaches the
JetStream stream once, under its subject, as a CloudEvent; only acknowledged events are
marked; a resend is de-duplicated; NOTIFY wakes it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Collection, Sequence

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.postgres.outbox_relay import RelayFailed
from adapters.settings import Settings
from application.commands.company_status import SuspendCompany
from application.commands.posting_lifecycle import TakeDownPosting
from application.integration_events import EventPublisher, IntegrationMessage
from board_story import published_posting, verified_company
from builders import AN_ADMIN
from e2e_support import eventually
from nats_support import (
    StreamPlace,
    a_unique_place,
    delete_stream,
    shared_nats_answers,
    stream_messages,
)

pytestmark = pytest.mark.skipif(not shared_nats_answers(), reason="no NATS on 127.0.0.1:4222")

SECRET_REASON = "Fraudulent listing reported by jane.doe@example.com"


@pytest.fixture
async def place() -> AsyncIterator[StreamPlace]:
    place = a_unique_place()
    yield place
    await delete_stream(place)


def relay_settings(database_url: str, place: StreamPlace, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "run_projector": False,
        "nats_url": place.url,
        "nats_stream": place.stream,
        "nats_subject_prefix": place.prefix,
        "relay_poll_seconds": 0.2,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
async def board(
    database_url: str, clean_database: AsyncEngine, place: StreamPlace
) -> AsyncIterator[Container]:
    container = Container(settings=relay_settings(database_url, place), database_url=database_url)
    yield container
    await release(container)


async def _outbox(engine: AsyncEngine) -> list[tuple[int, str, str]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT id, event_type, aggregate_id || ':' || aggregate_version"
                " FROM outbox ORDER BY id"
            )
        )
        return [(i, t, m) for i, t, m in rows]


async def _unrelayed(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            text("SELECT count(*) FROM outbox WHERE relayed_at IS NULL")
        )
        return int(count or 0)


async def _listeners(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND query LIKE 'LISTEN %'"
            )
        )
        return int(count or 0)


async def _a_story(board: Container) -> None:
    """Events of several kinds, two with an admin's free-text reason."""
    app = board.application()
    company = await verified_company(app, "Relay Story Ltd")
    kept = await published_posting(app, company, "Kept Posting")
    removed = await published_posting(app, company, "Removed Posting")
    await app.commands.take_down_posting(
        TakeDownPosting(removed.posting_id, SECRET_REASON, actor=AN_ADMIN)
    )
    await app.commands.suspend_company(SuspendCompany(company, SECRET_REASON, actor=AN_ADMIN))
    assert kept != removed


async def test_every_outbox_event_reaches_the_stream_once_under_its_subject(
    board: Container, clean_database: AsyncEngine, place: StreamPlace
) -> None:
    await _a_story(board)
    outbox = await _outbox(clean_database)

    relayed = await board.relay().drain()

    assert relayed == len(outbox)
    assert await _unrelayed(clean_database) == 0
    stored = await stream_messages(place)
    assert [m.msg_id for m in stored] == [msg_id for _, _, msg_id in outbox]  # in outbox order
    subjects = {t: m.subject for (_, t, _), m in zip(outbox, stored, strict=True)}
    assert subjects["PostingPublished"] == f"{place.prefix}.posting.published"
    assert subjects["PostingTakenDown"] == f"{place.prefix}.posting.taken_down"
    assert subjects["CompanySuspended"] == f"{place.prefix}.company.suspended"
    assert subjects["RequirementAdded"] == f"{place.prefix}.requirement.added"
    for message in stored:
        body = message.body
        assert body["specversion"] == "1.0"
        assert body["id"] == message.msg_id
        assert body["type"] == "jobboard." + message.subject.removeprefix(place.prefix + ".")
        assert body["datacontenttype"] == "application/json"
        assert body["dataschema"].endswith(f"/v1/events/schemas/{body['type']}/versions/1")
        assert body["data"]["aggregate_id"] == message.msg_id.split(":")[0]  # type: ignore[union-attr]
        assert SECRET_REASON not in str(body)  # an admin's reason is never published


async def test_a_resent_batch_is_stored_once(
    board: Container, clean_database: AsyncEngine, place: StreamPlace
) -> None:
    await _a_story(board)
    first = await board.relay().drain()
    async with clean_database.begin() as connection:  # as if the marks had been lost
        await connection.execute(text("UPDATE outbox SET relayed_at = NULL"))

    again = await board.relay().drain()

    assert again == first  # acknowledged again (as duplicates) and marked
    stored = await stream_messages(place)
    assert len(stored) == first
    assert len({m.msg_id for m in stored}) == first


class HalfDeaf:
    """A publisher whose broker acknowledges only the first half of each batch."""

    def __init__(self, real: EventPublisher) -> None:
        self._real = real

    async def publish(self, messages: Sequence[IntegrationMessage]) -> Collection[str]:
        kept = messages[: len(messages) // 2]
        return await self._real.publish(kept)

    async def close(self) -> None:
        await self._real.close()


async def test_only_the_events_the_broker_acknowledged_are_marked_relayed(
    board: Container, clean_database: AsyncEngine, place: StreamPlace
) -> None:
    await _a_story(board)
    outbox = await _outbox(clean_database)
    board.event_publisher.override(HalfDeaf(board.event_publisher()))
    board.relay.reset()

    with pytest.raises(RelayFailed):
        await board.relay().run_once()

    half = len(outbox) // 2
    assert await _unrelayed(clean_database) == len(outbox) - half
    async with clean_database.connect() as connection:
        marked = list(
            (
                await connection.execute(
                    text("SELECT id FROM outbox WHERE relayed_at IS NOT NULL ORDER BY id")
                )
            ).scalars()
        )
    assert marked == [i for i, _, _ in outbox[:half]]

    board.event_publisher.reset_override()
    board.relay.reset()
    assert await board.relay().drain() == len(outbox) - half
    stored = await stream_messages(place)
    assert [m.msg_id for m in stored] == [msg_id for _, _, msg_id in outbox]


class DeafToOne:
    """A publisher whose broker misses one event in the middle of each batch: it never
    reaches the stream, while those after it do."""

    def __init__(self, real: EventPublisher) -> None:
        self._real = real

    async def publish(self, messages: Sequence[IntegrationMessage]) -> Collection[str]:
        missed = len(messages) // 2
        return await self._real.publish([*messages[:missed], *messages[missed + 1 :]])

    async def close(self) -> None:
        await self._real.close()


async def test_the_relay_position_never_steps_over_an_event_the_broker_missed(
    board: Container, clean_database: AsyncEngine, place: StreamPlace
) -> None:
    await _a_story(board)
    outbox = await _outbox(clean_database)
    board.event_publisher.override(DeafToOne(board.event_publisher()))
    board.relay.reset()

    with pytest.raises(RelayFailed):
        await board.relay().run_once()

    # The events after the missed one were stored, but none is marked: the relayed events
    # stay a prefix of the outbox, and the missed one is owed before them.
    missed = len(outbox) // 2
    async with clean_database.connect() as connection:
        marked = list(
            (
                await connection.execute(
                    text("SELECT id FROM outbox WHERE relayed_at IS NOT NULL ORDER BY id")
                )
            ).scalars()
        )
    assert marked == [i for i, _, _ in outbox[:missed]]

    board.event_publisher.reset_override()
    board.relay.reset()
    assert await board.relay().drain() == len(outbox) - missed
    assert await _unrelayed(clean_database) == 0
    stored = sorted(str(m.msg_id) for m in await stream_messages(place))
    assert stored == sorted(msg_id for _, _, msg_id in outbox)  # each once, none lost


async def test_the_running_relay_wakes_on_the_outbox_notification(
    database_url: str, clean_database: AsyncEngine, place: StreamPlace
) -> None:
    # Polling once a minute: an event relayed within seconds was woken for.
    settings = relay_settings(database_url, place, relay_poll_seconds=60.0)
    board = Container(settings=settings, database_url=database_url)
    stop = asyncio.Event()
    running = asyncio.create_task(board.relay().run(stop))
    try:
        await eventually(lambda: _listeners(clean_database), lambda n: n == 1, 10)
        await verified_company(board.application(), "Woken Relay Ltd")
        events = len(await _outbox(clean_database))
        await eventually(lambda: stream_messages(place), lambda found: len(found) == events, 10)
    finally:
        stop.set()
        await running
        await release(board)
