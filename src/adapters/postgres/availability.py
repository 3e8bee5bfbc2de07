"""Telling "the database is down, frozen or restarting" apart from a bug.

Such failures are transient and not the client's fault: the HTTP layer answers
them with 503 and Retry-After instead of a 500, and the projector retries them.
"""

from __future__ import annotations

import asyncpg
from sqlalchemy import exc

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
