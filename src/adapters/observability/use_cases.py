"""One wrapper around every command and query handler: its duration, and its span.

The application's catalogue (``Commands``, ``Queries``) is rebuilt with each
handler wrapped, in the composition root; the handlers themselves know nothing
of metrics or tracing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from time import perf_counter
from typing import Any, TypeVar

from opentelemetry.trace import Status, StatusCode, Tracer

from adapters.observability.metrics import UseCaseTimer
from application.catalogue import Application

Catalogue = TypeVar("Catalogue")


class InstrumentedHandler:
    """Calls the handler, timing it (and tracing it when a tracer is given)."""

    __slots__ = ("_handler", "_span_name", "_timer", "_tracer", "wrapped")

    def __init__(
        self,
        handler: Callable[[Any], Awaitable[Any]],
        kind: str,
        use_case: str,
        timer: UseCaseTimer | None,
        tracer: Tracer | None,
    ) -> None:
        self._handler = handler
        self._timer = timer
        self._tracer = tracer
        self._span_name = f"{kind} {use_case}"
        self.wrapped = handler

    async def __call__(self, request: Any) -> Any:
        if self._tracer is None:
            return await self._timed(request)
        with self._tracer.start_as_current_span(self._span_name) as span:
            try:
                return await self._timed(request)
            except Exception as error:
                span.set_status(Status(StatusCode.ERROR, type(error).__name__))
                raise

    async def _timed(self, request: Any) -> Any:
        if self._timer is None:
            return await self._handler(request)
        started = perf_counter()
        try:
            result = await self._handler(request)
        except BaseException:
            self._timer.error(perf_counter() - started)
            raise
        self._timer.ok(perf_counter() - started)
        return result


def instrument_use_cases(
    catalogue: Catalogue, kind: str, tracer: Tracer | None, metrics_enabled: bool
) -> Catalogue:
    """The same catalogue (a dataclass of handlers) with every handler instrumented."""
    if tracer is None and not metrics_enabled:
        return catalogue
    wrapped = {
        field.name: InstrumentedHandler(
            getattr(catalogue, field.name),
            kind,
            field.name,
            UseCaseTimer(kind, field.name) if metrics_enabled else None,
            tracer,
        )
        for field in dataclasses.fields(catalogue)  # type: ignore[arg-type]
    }
    return dataclasses.replace(catalogue, **wrapped)  # type: ignore[type-var]


def instrumented(
    application: Application, tracer: Tracer | None, metrics_enabled: bool
) -> Application:
    """The application with every command and query handler instrumented."""
    return dataclasses.replace(
        application,
        commands=instrument_use_cases(application.commands, "command", tracer, metrics_enabled),
        queries=instrument_use_cases(application.queries, "query", tracer, metrics_enabled),
    )
