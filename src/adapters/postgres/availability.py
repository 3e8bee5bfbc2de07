"""Telling "the database is down, frozen or restarting" apart from a bug.

Such failures are transient and not the client's fault: the adapters raise them
as ``Unavailable``, which the HTTP layer answers with 503 and Retry-After instead
of a 500, and the projector retries them.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import asyncpg
from sqlalchemy import exc

from application.errors import Overloaded, Unavailable

C = TypeVar("C", bound=type)

# SQLSTATE classes that mean the server cannot serve us now: 08 connection exception,
# 53 insufficient resources (too many connections), 57P operator intervention
# (admin shutdown, crash shutdown, cannot connect now).
_UNAVAILABLE_SQLSTATES = ("08", "53", "57P")


def database_unavailable(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) means the database cannot be reached now."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _unreachable(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _unreachable(error: BaseException) -> bool:
    # TimeoutError (a bounded connect or statement) and refused connections are OSErrors.
    if isinstance(error, OSError | exc.TimeoutError):
        return True
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(
        error,
        asyncpg.exceptions.ConnectionDoesNotExistError
        | asyncpg.exceptions.PostgresConnectionError
        | asyncpg.exceptions.CannotConnectNowError
        # A connection whose protocol an interrupted operation left mid-way (seen after
        # a restart: "cannot switch to state ...; another operation is in progress").
        | asyncpg.exceptions.InternalClientError,
    ):
        return True
    sqlstate = getattr(error, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(_UNAVAILABLE_SQLSTATES)


OUTAGE = "the board cannot reach its database; retry shortly"


TOO_LONG = "the request took longer than the board gives a public read; retry shortly"


def as_unavailable(error: Exception) -> Exception:
    """``error`` as the application sees it: Unavailable when it means an outage,
    Overloaded when a statement ran past its time limit (statement_timeout)."""
    if isinstance(error, Unavailable):
        return error
    if _cancelled(error):
        return Overloaded(TOO_LONG)
    if not database_unavailable(error):
        return error
    return Unavailable(OUTAGE)


def _cancelled(error: BaseException) -> bool:
    """A statement cancelled by the server: SQLSTATE 57014, query_canceled."""
    current: BaseException | None = error
    for _ in range(8):  # the driver's error, wrapped by SQLAlchemy's
        if current is None:
            return False
        if getattr(current, "sqlstate", None) == "57014":
            return True
        current = current.__cause__ or current.__context__
    return False


def translate_outages(cls: C) -> C:
    """Wrap every public coroutine method of ``cls`` so that a failure to reach the
    database leaves it as ``Unavailable``, the error the HTTP layer answers with 503 and
    Retry-After; every other error passes unchanged."""
    for name, method in list(vars(cls).items()):
        if name.startswith("_") or not inspect.iscoroutinefunction(method):
            continue
        setattr(cls, name, _translating(method))
    return cls


def _translating(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return await method(*args, **kwargs)
        except Exception as error:
            translated = as_unavailable(error)
            if translated is error:
                raise
            raise translated from error

    return call
