"""The NATS JetStream adapter of the integration events' publisher port.

Each message goes to ``<prefix>.<topic>`` (``jobboard.posting.published``) as the JSON of
its CloudEvents envelope, with ``Nats-Msg-Id`` set to the event's stable id, so JetStream
stores a resent event once (within the stream's duplicate window). A batch is published
without waiting for each acknowledgement in turn: the messages leave in order on one
connection and their acknowledgements are awaited together, for one ack timeout.

The connection is made on first use and remade after a failure; the stream is made when
missing (on the subjects ``<prefix>.>``) the first time a connection is used.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Collection, Sequence
from typing import Any

import nats
import orjson
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import Header, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from application.integration_events import IntegrationMessage

log = logging.getLogger(__name__)


class JetStreamPublisher:
    def __init__(
        self,
        url: str,
        stream: str,
        subject_prefix: str,
        ack_timeout: float = 5.0,
        connect_timeout: float = 2.0,
    ) -> None:
        self._url = url
        self._stream = stream
        self._prefix = subject_prefix
        self._ack_timeout = ack_timeout
        self._connect_timeout = connect_timeout
        self._client: Client | None = None
        self._jetstream: JetStreamContext | None = None

    def subject(self, topic: str) -> str:
        return f"{self._prefix}.{topic}"

    async def publish(self, messages: Sequence[IntegrationMessage]) -> Collection[str]:
        if not messages:
            return set()
        jetstream = await self._ready()
        try:
            acks = [
                await jetstream.publish_async(
                    self.subject(m.topic),
                    orjson.dumps(m.body),
                    headers={Header.MSG_ID: m.id},
                    stream=self._stream,  # JetStream refuses a subject another stream took
                    # Past nats-py's cap of unacknowledged messages, a wait bounded as the
                    # acks' is: with the server away, none would come to free a place.
                    wait_stall=self._ack_timeout,
                )
                for m in messages
            ]
        except Exception:
            await self._forget()  # e.g. the outbound buffer is full while the server is away
            raise
        await asyncio.wait(acks, timeout=self._ack_timeout)
        acknowledged = {m.id for m, ack in zip(messages, acks, strict=True) if _stored(ack)}
        for ack in acks:
            ack.cancel()  # those still waiting: a late answer changes nothing now
        if len(acknowledged) < len(messages):
            failures = {type(a.exception()).__name__ for a in acks if a.done() and _failed(a)}
            log.warning(
                "JetStream acknowledged %d of %d events",
                len(acknowledged),
                len(messages),
                extra={"errors": sorted(failures)},
            )
            if failures:  # an answer, but a refusal (no stream, say): start over next time
                await self._forget()
        return acknowledged

    async def _ready(self) -> JetStreamContext:
        if self._jetstream is not None and self._client is not None and self._client.is_connected:
            return self._jetstream
        await self._forget()
        client = await nats.connect(
            self._url,
            connect_timeout=max(1, round(self._connect_timeout)),
            # Few attempts, on the first connect and after a loss alike: the batch in hand
            # fails soon and waits in the outbox, and the next batch connects anew (with
            # unbounded attempts nats-py would wait for the server inside this call).
            allow_reconnect=True,
            max_reconnect_attempts=1,
            reconnect_time_wait=1,
            error_cb=_quietly,
            name="jobboard-relay",
        )
        try:
            jetstream = client.jetstream(timeout=self._ack_timeout)
            await self._ensure_stream(jetstream)
        except BaseException:
            with contextlib.suppress(Exception):
                await client.close()
            raise
        self._client, self._jetstream = client, jetstream
        return jetstream

    async def _ensure_stream(self, jetstream: JetStreamContext) -> None:
        try:
            await jetstream.stream_info(self._stream)
        except NotFoundError:
            await jetstream.add_stream(
                StreamConfig(
                    name=self._stream,
                    subjects=[f"{self._prefix}.>"],
                    storage=StorageType.FILE,
                    duplicate_window=120.0,  # seconds during which a resend is dropped
                )
            )
            log.info("made the JetStream stream %s on %s.>", self._stream, self._prefix)

    async def _forget(self) -> None:
        client, self._client, self._jetstream = self._client, None, None
        if client is not None:
            with contextlib.suppress(Exception):
                await client.close()

    async def close(self) -> None:
        await self._forget()


async def _quietly(error: Exception) -> None:
    # Each failed attempt ends in the relay's own warning; nats-py's would repeat it.
    log.debug("NATS: %r", error)


def _failed(ack: asyncio.Future[Any]) -> bool:
    return not ack.cancelled() and ack.exception() is not None


def _stored(ack: asyncio.Future[Any]) -> bool:
    return ack.done() and not ack.cancelled() and ack.exception() is None
