"""The webhook worker: turns outbox events into deliveries, and sends them.

Fan-out follows the relay's shape (adapters.postgres.outbox_relay), with a position of its
own: a batch runs in one transaction that takes the worker's advisory lock, reads the
oldest events not yet fanned out (``outbox.webhooked_at IS NULL``), inserts one delivery
per event and subscribed endpoint (unique per endpoint and event, so a batch run twice
adds nothing) and marks the events. A worker killed mid-batch loses the whole
transaction: the events are fanned out again by the next run, never lost, never doubled.

Sending leases deliveries: a claim (one short transaction, ``FOR UPDATE SKIP LOCKED``)
takes due deliveries whose endpoint is active and that are next in line for their subject
(no earlier pending delivery of the same posting to the same endpoint), counts the
attempt and pushes ``next_attempt_at`` past the lease. The sends run outside any
transaction; their outcomes are written afterwards. A worker killed between claim and
outcome leaves the lease to run out, and the delivery is sent again, under the same
webhook-id: at-least-once, the receiver de-duplicating by id as Standard Webhooks asks.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from uuid import UUID

import asyncpg
from sqlalchemy import bindparam, select, text
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.projector import OUTBOX_CHANNEL
from adapters.postgres.tables import webhook_deliveries, webhook_endpoints
from adapters.postgres.webhook_store import endpoint_from_row
from adapters.webhooks.sender import Attempt
from application.integration_events import OutboxEvent
from application.ports import IdGenerator
from application.webhooks.messages import webhook_message
from application.webhooks.ports import WebhookSecrets
from domain.webhook import WebhookEndpoint
from domain.webhook_delivery import (
    DeliveryStatus,
    Outcome,
    RetryPolicy,
    classify,
    decide,
)

log = logging.getLogger(__name__)

# Names "the webhook fan-out" among advisory locks (not the projector's nor the relay's).
WEBHOOK_LOCK = 0x6A6F62686F6F6B73  # "jobhooks"

_LOCK = text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=WEBHOOK_LOCK)
_MARK = text("UPDATE outbox SET webhooked_at = now() WHERE id = ANY(:ids)").bindparams(
    bindparam("ids", type_=ARRAY(BIGINT))
)
FAN_OUT_BACKLOG = "SELECT count(*) FROM outbox WHERE webhooked_at IS NULL"
PENDING_DELIVERIES = "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"
_ACTIVE = select(webhook_endpoints).where(webhook_endpoints.c.status == "active")
_INSERT = pg_insert(webhook_deliveries).on_conflict_do_nothing(
    index_elements=["endpoint_id", "outbox_id"]
)
_CLAIM = text(
    "WITH due AS ("
    " SELECT d.id FROM webhook_deliveries d"
    " JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.status = 'active'"
    " WHERE d.status = 'pending' AND d.next_attempt_at <= now()"
    " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p"
    "  WHERE p.endpoint_id = d.endpoint_id AND p.subject = d.subject"
    "  AND p.status = 'pending' AND p.outbox_id < d.outbox_id)"
    " ORDER BY d.next_attempt_at, d.outbox_id LIMIT :limit"
    " FOR UPDATE OF d SKIP LOCKED)"
    " UPDATE webhook_deliveries d SET attempts = d.attempts + 1,"
    " first_attempt_at = coalesce(d.first_attempt_at, now()), last_attempt_at = now(),"
    " next_attempt_at = now() + make_interval(secs => :lease)"
    " FROM due, webhook_endpoints e WHERE d.id = due.id AND e.id = d.endpoint_id"
    " RETURNING d.id, d.endpoint_id, d.event_type, d.body, d.attempts, d.first_attempt_at,"
    " e.url, e.sealed_secret"
)
_OUTCOME = text(
    "UPDATE webhook_deliveries SET status = CAST(:status AS text),"
    " next_attempt_at = :next_attempt_at, last_status_code = :code, last_error = :error,"
    " delivered_at = CASE WHEN CAST(:status AS text) = 'delivered' THEN now()"
    " ELSE delivered_at END"
    " WHERE id = :id AND status = 'pending'"
)
_DISABLE = text(
    "UPDATE webhook_endpoints SET status = 'disabled', disabled_reason = :reason,"
    " disabled_at = :at, version = version + 1 WHERE id = :id AND status = 'active'"
)


class Sender(Protocol):
    async def send(self, url: str, secret: str, message_id: str, body: str) -> Attempt: ...

    async def close(self) -> None: ...


class WebhookObserver(Protocol):
    """Told of each attempt's outcome (by event type) and each failed round."""

    def attempted(self, event_type: str, outcome: Outcome) -> None: ...

    def failed(self) -> None: ...


def message_id(delivery_id: UUID) -> str:
    """The webhook-id header: the delivery's, the same on every attempt."""
    return f"msg_{delivery_id.hex}"


@dataclass(frozen=True, slots=True)
class _Claimed:
    id: UUID
    endpoint_id: UUID
    event_type: str
    body: str
    attempts: int
    first_attempt_at: datetime
    url: str
    sealed_secret: str


class WebhookWorker:
    def __init__(
        self,
        engine: AsyncEngine,
        secrets: WebhookSecrets,
        sender: Sender,
        ids: IdGenerator,
        policy: RetryPolicy | None = None,
        listen_dsn: str | None = None,
        batch_size: int = 100,
        poll_interval: float = 1.0,
        lease_seconds: float = 60.0,
        observer: WebhookObserver | None = None,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._engine = engine
        self._secrets = secrets
        self._sender = sender
        self._ids = ids
        self._policy = policy or RetryPolicy()
        self._listen_dsn = listen_dsn
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._lease = lease_seconds
        self._observer = observer
        self._jitter = jitter
        self._opened: dict[str, str] = {}
        self._take_batch = text(
            "SELECT id, aggregate_type, aggregate_id, aggregate_version, event_type, payload,"
            " occurred_at FROM outbox WHERE webhooked_at IS NULL"
            f" ORDER BY id LIMIT {int(batch_size) * 5}"
        )

    # Fan-out

    async def fan_out_once(self) -> int:
        """Turn one batch of outbox events into deliveries; answers the events taken."""
        async with self._engine.begin() as connection:
            await connection.execute(_LOCK)
            rows = (await connection.execute(self._take_batch)).all()
            if not rows:
                return 0
            endpoints = [endpoint_from_row(r) for r in (await connection.execute(_ACTIVE)).all()]
            deliveries = self._deliveries([OutboxEvent(*row) for row in rows], endpoints)
            if deliveries:
                await connection.execute(_INSERT, deliveries)
            await connection.execute(_MARK, {"ids": [row.id for row in rows]})
        return len(rows)

    def _deliveries(
        self, events: Sequence[OutboxEvent], endpoints: Sequence[WebhookEndpoint]
    ) -> list[dict[str, Any]]:
        made: list[dict[str, Any]] = []
        now = datetime.now(UTC)
        for event in events:
            message = webhook_message(event)
            if message is None:
                continue
            body: str | None = None
            for endpoint in endpoints:
                # An endpoint hears of what happened since it was registered, no earlier.
                if event.occurred_at < endpoint.created_at:
                    continue
                if not endpoint.wants(message.event_type, message.company_id):
                    continue
                body = body or json.dumps(message.body, separators=(",", ":"), sort_keys=True)
                made.append(
                    {
                        "id": self._ids.new_id(),
                        "endpoint_id": endpoint.id,
                        "outbox_id": event.position,
                        "event_id": message.event_id,
                        "event_type": message.event_type.value,
                        "subject": message.subject,
                        "body": body,
                        "status": DeliveryStatus.PENDING.value,
                        "attempts": 0,
                        "created_at": now,
                        "next_attempt_at": now,
                    }
                )
        return made

    async def fan_out(self, stop: asyncio.Event | None = None) -> int:
        total = 0
        while stop is None or not stop.is_set():
            taken = await self.fan_out_once()
            total += taken
            if taken < self._batch_size * 5:
                break
        return total

    # Sending

    async def dispatch_once(self) -> int:
        """Claim the due deliveries (at most a batch), send them at once, write their
        outcomes; answers how many were attempted."""
        async with self._engine.begin() as connection:
            rows = (
                await connection.execute(_CLAIM, {"limit": self._batch_size, "lease": self._lease})
            ).all()
        if not rows:
            return 0
        claimed = [_Claimed(*row) for row in rows]
        attempts = await asyncio.gather(*(self._send(c) for c in claimed))
        now = datetime.now(UTC)
        async with self._engine.begin() as connection:
            for delivery, attempt in zip(claimed, attempts, strict=True):
                await self._record(connection, delivery, attempt, now)
        return len(claimed)

    async def _send(self, delivery: _Claimed) -> Attempt:
        try:
            secret = self._opened.get(delivery.sealed_secret)
            if secret is None:
                if len(self._opened) >= 1000:  # rotated secrets: forget the old ones
                    self._opened.clear()
                secret = self._opened[delivery.sealed_secret] = self._secrets.open(
                    delivery.sealed_secret
                )
        except Exception as error:  # a secret sealed under a key no longer configured
            return Attempt(None, str(error))
        return await self._sender.send(delivery.url, secret, message_id(delivery.id), delivery.body)

    async def _record(
        self, connection: Any, delivery: _Claimed, attempt: Attempt, now: datetime
    ) -> None:
        outcome = Outcome.REFUSED if attempt.refused else classify(attempt.status_code)
        decision = decide(
            outcome,
            attempts=delivery.attempts,
            first_attempt_at=delivery.first_attempt_at,
            now=now,
            policy=self._policy,
            jitter=self._jitter(),
        )
        error = attempt.error
        if error is None and decision.outcome is not Outcome.DELIVERED:
            error = f"HTTP {attempt.status_code}"
        await connection.execute(
            _OUTCOME,
            {
                "id": delivery.id,
                "status": decision.status.value,
                "next_attempt_at": decision.next_attempt_at,
                "code": attempt.status_code,
                "error": error,
            },
        )
        if decision.disable_endpoint_because is not None:
            await connection.execute(
                _DISABLE,
                {
                    "id": delivery.endpoint_id,
                    "reason": decision.disable_endpoint_because,
                    "at": now,
                },
            )
            log.warning(
                "webhook endpoint disabled",
                extra={"endpoint": str(delivery.endpoint_id), "outcome": decision.outcome.value},
            )
        if self._observer is not None:
            self._observer.attempted(delivery.event_type, decision.outcome)

    async def dispatch(self, stop: asyncio.Event | None = None) -> int:
        total = 0
        while stop is None or not stop.is_set():
            sent = await self.dispatch_once()
            total += sent
            if sent < self._batch_size:
                break
        return total

    # Running

    async def backlog(self) -> int:
        """Deliveries not yet delivered nor given up (the active endpoints' and the
        disabled ones')."""
        async with self._engine.connect() as connection:
            count: int = (await connection.execute(text(PENDING_DELIVERIES))).scalar_one()
            return count

    async def run(self, stop: asyncio.Event) -> None:
        """Fan out and send until ``stop`` is set; wakes on the outbox's NOTIFY and polls
        (retries fall due with time, so the poll is what sends them)."""
        wake = asyncio.Event()
        listener = await self._listen(wake)
        try:
            while not stop.is_set():
                wake.clear()
                busy = False
                try:
                    busy = bool(await self.fan_out(stop))
                    busy = bool(await self.dispatch(stop)) or busy
                except Exception as error:  # the database may be restarting
                    log.warning("webhook round failed; retrying: %s", error or type(error).__name__)
                    if self._observer is not None:
                        self._observer.failed()
                    wake.clear()
                if busy:
                    continue
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
            await self._sender.close()

    async def _listen(self, wake: asyncio.Event) -> asyncpg.Connection | None:
        if self._listen_dsn is None:
            return None
        try:
            connection = await asyncpg.connect(self._listen_dsn)
            await connection.add_listener(OUTBOX_CHANNEL, lambda *_: wake.set())
        except (OSError, asyncpg.PostgresError):
            log.warning("webhooks cannot LISTEN for outbox notifications; polling only")
            return None
        return connection
