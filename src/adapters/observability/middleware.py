"""One pure ASGI middleware for what every request needs: its id, its log line, its metrics,
and (only when tracing is on) its span.

It wraps Litestar's own handler, inside the app, so it sees the scope after routing
(``path_template``, the route a request matched) and every answer, errors included,
already rendered by the app's exception handlers. It is written to cost little: one
header scan, a send wrapper, cached metric children, and no OpenTelemetry call at all
when tracing is off.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from time import perf_counter
from typing import Any

from opentelemetry.trace import SpanKind, Status, StatusCode, Tracer

from adapters.observability.metrics import (
    HTTP_IN_FLIGHT,
    UNMATCHED_ROUTE,
    HttpMetrics,
    method_label,
)

# Plain ASGI shapes: the server's scope is a dict, whatever type a framework gives it.
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REQUEST_ID_HEADER = b"x-request-id"
# Where the authentication dependency records who called (an audience, never a key).
AUDIENCE_STATE_KEY = "audience"
# structlog's merge_contextvars picks up any context variable named "structlog_*", so every
# line logged while a request is served carries its id.
request_id_var: ContextVar[Any] = ContextVar("structlog_request_id", default=...)

_NO_STATE: dict[str, Any] = {}

# A caller's id is echoed only when it is a short token: no spaces, quotes or control bytes.
_ACCEPTABLE_ID = re.compile(rb"[A-Za-z0-9._:/+=-]{1,128}")


class _RequestIds:
    """Ids unique across processes without a random draw per request: a random prefix per
    process and a counter."""

    __slots__ = ("_counter", "_prefix")

    def __init__(self) -> None:
        self._prefix = os.urandom(6).hex()
        self._counter = itertools.count(1)

    def next(self) -> str:
        return f"{self._prefix}-{next(self._counter):x}"


class RequestObserver:
    __slots__ = ("_app", "_ids", "_in_flight", "_log", "_metrics", "_tracer")

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: HttpMetrics | None,
        access_log: Any | None,
        tracer: Tracer | None,
    ) -> None:
        self._app = app
        self._metrics = metrics
        self._log = access_log
        self._tracer = tracer
        self._ids = _RequestIds()
        self._in_flight = HTTP_IN_FLIGHT if metrics is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        request_id: str | None = None
        for name, value in scope["headers"]:
            if name == REQUEST_ID_HEADER:
                if _ACCEPTABLE_ID.fullmatch(value):
                    request_id = value.decode("ascii")
                break
        if request_id is None:
            request_id = self._ids.next()
        echoed = (REQUEST_ID_HEADER, request_id.encode("ascii"))
        status = 500  # if the app fails without answering, the server answers 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = message.get("headers")
                if isinstance(headers, list):
                    headers.append(echoed)
                else:
                    message["headers"] = [*(headers or ()), echoed]
            await send(message)

        token = request_id_var.set(request_id)
        in_flight = self._in_flight
        if in_flight is not None:
            in_flight.inc()
        started = perf_counter()
        try:
            if self._tracer is None:
                await self._app(scope, receive, send_with_id)
            else:
                await self._traced(scope, receive, send_with_id, request_id, lambda: status)
        finally:
            elapsed = perf_counter() - started
            if in_flight is not None:
                in_flight.dec()
            # Labels and log fields are a route template and a known method: an unknown path
            # is "unmatched", an invented method "other", so neither grows with clients' whims.
            route = scope.get("path_template") or UNMATCHED_ROUTE
            method = method_label(scope["method"])
            if self._metrics is not None:
                self._metrics.observe(route, method, status, elapsed)
            if self._log is not None:
                self._log.info(
                    "request",
                    request_id=request_id,
                    method=method,
                    route=route,
                    path=scope["path"],
                    status=status,
                    duration_ms=round(elapsed * 1000, 3),
                    audience=scope.get("state", _NO_STATE).get(AUDIENCE_STATE_KEY),
                )
            request_id_var.reset(token)

    async def _traced(
        self, scope: Scope, receive: Receive, send: Send, request_id: str, status: Any
    ) -> None:
        from opentelemetry.propagate import extract

        assert self._tracer is not None
        carrier = {
            name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]
        }
        method = method_label(scope["method"])
        with self._tracer.start_as_current_span(
            method,
            context=extract(carrier),
            kind=SpanKind.SERVER,
            attributes={
                "http.request.method": method,
                "url.path": scope["path"],
                "jobboard.request_id": request_id,
            },
        ) as span:
            try:
                await self._app(scope, receive, send)
            finally:
                route = scope.get("path_template") or UNMATCHED_ROUTE
                code: int = status()
                span.update_name(f"{method} {route}")
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", code)
                if code >= 500:
                    span.set_status(Status(StatusCode.ERROR))


def observe_requests(
    app: ASGIApp,
    *,
    metrics_enabled: bool,
    access_log: Any | None,
    tracer: Tracer | None,
) -> ASGIApp:
    return RequestObserver(
        app,
        metrics=HttpMetrics() if metrics_enabled else None,
        access_log=access_log,
        tracer=tracer,
    )
