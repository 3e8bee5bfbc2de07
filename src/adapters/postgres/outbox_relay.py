"""The relay: publishes the outbox, in order, to a broker as integration events.

Modelled on the projector (adapters.postgres.projector), with a lock of its own: each batch
runs in one transaction that first takes the relay's advisory lock, reads the oldest
unrelayed events, hands them to the publisher and marks as relayed the events the broker
acknowledged up to the first it did not: the relayed events are always a prefix of the
outbox, so the relay's position never steps over an event, and an event the broker missed
is sent again before anything after it is taken as done. So two relays never publish the
same batch at once, and a relay killed after the broker stored a batch but before its
commit leaves the batch unmarked: it is sent again, with the same message ids, and the
broker's de-duplication drops the copies (at-least-once delivery, exactly-once storage
within the broker's duplicate window). While the broker is away nothing is marked and the
backlog grows in the outbox; it drains when the broker returns. It wakes on the outbox's
NOTIFY and also polls.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import asyncpg
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.projector import OUTBOX_CHANNEL
from application.integration_events import (
    EventPublisher,
    IntegrationMessage,
    OutboxEvent,
    integration_message,
)

log = logging.getLogger(__name__)

# Names "the relay" among advisory locks; not the projector's, so neither waits for the other.
RELAY_LOCK = 0x6A6F6272656C6179  # "jobrelay"

_LOCK = text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=RELAY_LOCK)
_MARK = text("UPDATE outbox SET relayed_at = now() WHERE id = ANY(:ids)").bindparams(
    bindparam("ids", type_=ARRAY(BIGINT))
)
BACKLOG = "SELECT count(*) FROM outbox WHERE relayed_at IS NULL"


class RelayObserver(Protocol):
    """Told of each batch the broker acknowledged (with each event's age, from its
    occurrence, as published) and of each failed batch: the relay's metrics."""

    def relayed(self, first_id: int, last_id: int, ages: Sequence[float]) -> None: ...

    def failed(self) -> None: ...


class RelayFailed(Exception):
    """The broker acknowledged only part of a batch (or none of it)."""


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        publisher: EventPublisher,
        base_url: str,
        listen_dsn: str | None = None,
        batch_size: int = 500,
        poll_interval: float = 2.0,
        observer: RelayObserver | None = None,
    ) -> None:
        self._engine = engine
        self._publisher = publisher
        self._base_url = base_url
        self._listen_dsn = listen_dsn
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._observer = observer
        # The size is written in, as the projector's is: a constant LIMIT keeps the plan on
        # the partial index of the unrelayed events whatever the statistics say.
        self._take_batch = text(
            "SELECT id, aggregate_type, aggregate_id, aggregate_version, event_type, payload,"
            " occurred_at FROM outbox WHERE relayed_at IS NULL"
            f" ORDER BY id LIMIT {int(batch_size)}"
        )

    async def run_once(self) -> int:
        """Publish one batch of unrelayed events in one transaction; answers how many the
        broker acknowledged without a gap (and are now marked). Raises RelayFailed, after
        marking that prefix, when the broker did not acknowledge them all."""
        async with self._engine.begin() as connection:
            await connection.execute(_LOCK)
            rows = (await connection.execute(self._take_batch)).all()
            if not rows:
                return 0
            events = [OutboxEvent(*row) for row in rows]
            messages = [integration_message(e, self._base_url) for e in events]
            acknowledged = set(await self._publisher.publish(messages))
            marked = list(itertools.takewhile(lambda m: m.id in acknowledged, messages))
            if marked:
                await connection.execute(_MARK, {"ids": [m.position for m in marked]})
        if marked:
            self._report(marked, events)
        if len(marked) < len(messages):
            raise RelayFailed(f"the broker acknowledged {len(marked)} of {len(messages)} events")
        return len(marked)

    def _report(self, marked: list[IntegrationMessage], events: list[OutboxEvent]) -> None:
        log.debug("relayed %d events up to #%d", len(marked), marked[-1].position)
        if self._observer is None:
            return
        published_at = datetime.now().astimezone()
        occurred = {e.position: e.occurred_at for e in events}
        ages = [(published_at - occurred[m.position]).total_seconds() for m in marked]
        self._observer.relayed(marked[0].position, marked[-1].position, ages)

    async def drain(self, stop: asyncio.Event | None = None) -> int:
        """Publish batches until the outbox has nothing left to relay (or, between two
        batches, until ``stop`` is set)."""
        total = 0
        while stop is None or not stop.is_set():
            relayed = await self.run_once()
            total += relayed
            if relayed < self._batch_size:
                break
        return total

    async def backlog(self) -> int:
        async with self._engine.connect() as connection:
            count: int = (await connection.execute(text(BACKLOG))).scalar_one()
            return count

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until ``stop`` is set: drain, then sleep until NOTIFY or the poll interval.
        A failed batch (the broker or the database away) is retried after the interval."""
        wake = asyncio.Event()
        listener = await self._listen(wake)
        try:
            while not stop.is_set():
                wake.clear()
                try:
                    await self.drain(stop)
                except Exception as error:  # the broker or the database may be restarting
                    log.warning("relay batch failed; retrying: %s", error or type(error).__name__)
                    if self._observer is not None:
                        self._observer.failed()
                    wake.clear()  # a failure waits out the interval, whatever was written
                waiters = {asyncio.ensure_future(wake.wait()), asyncio.ensure_future(stop.wait())}
                _, pending = await asyncio.wait(
                    waiters, timeout=self._poll_interval, return_when=asyncio.FIRST_COMPLETED
                )
                for waiter in pending:
                    waiter.cancel()
        finally:
            if listener is not None:
                with contextlib.suppress(Exception):
                    await listener.close()
            await self._publisher.close()

    async def _listen(self, wake: asyncio.Event) -> asyncpg.Connection | None:
        if self._listen_dsn is None:
            return None
        try:
            connection = await asyncpg.connect(self._listen_dsn)
            await connection.add_listener(OUTBOX_CHANNEL, lambda *_: wake.set())
        except (OSError, asyncpg.PostgresError):
            log.warning("relay cannot LISTEN for outbox notifications; polling only", exc_info=True)
            return None
        return connection
