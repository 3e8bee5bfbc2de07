"""Connection hygiene for uvicorn: idle keep-alive connections and slow request heads end.

uvicorn closes a keep-alive connection that stays idle ``timeout_keep_alive`` seconds after an
answer, but it has no limit on the time a client takes to send a request's line and headers:
a client that connects and sends half a request line (slow loris) holds its connection, and
its slot of the process's connection limit, for ever. ``TimedHeadH11Protocol`` is uvicorn's
h11 protocol with that limit: from the moment a connection opens, or the first byte of a new
request arrives on a kept-alive one, the client has ``header_timeout`` seconds to complete
the request's head; past it the connection is closed (no answer: none can be framed before
a request line is read).

The timeouts travel in ``BoardServerConfig``, which pickles like uvicorn's own config, so the
API workers of ``serve --workers N`` (spawned processes) get them too.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

DEFAULT_HEADER_TIMEOUT_SECONDS = 10.0


class BoardServerConfig(uvicorn.Config):
    """uvicorn's config with the board's connection timeouts (fractions of seconds kept)."""

    def __init__(
        self,
        app: Any,
        *,
        keep_alive_seconds: float,
        header_timeout_seconds: float,
        **options: Any,
    ) -> None:
        super().__init__(app, http=TimedHeadH11Protocol, **options)
        self.keep_alive_seconds = keep_alive_seconds
        self.header_timeout_seconds = header_timeout_seconds


class TimedHeadH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with a time limit on reading each request's head."""

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self._header_timeout = DEFAULT_HEADER_TIMEOUT_SECONDS
        if isinstance(config, BoardServerConfig):
            self._header_timeout = config.header_timeout_seconds
            self.timeout_keep_alive = config.keep_alive_seconds  # type: ignore[assignment]
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._start_head_timer()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            # Still reading a request's head (a new one on a kept-alive connection included).
            if self._head_timer is None:
                self._start_head_timer()
        else:
            self._stop_head_timer()  # the head is read: the request is the app's to time

    def on_response_complete(self) -> None:
        self._stop_head_timer()  # idle now: the keep-alive timeout applies until a next byte
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _start_head_timer(self) -> None:
        self._head_timer = self.loop.call_later(self._header_timeout, self._head_too_slow)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.logger.debug("closing a connection whose request head took too long")
            self.transport.close()
