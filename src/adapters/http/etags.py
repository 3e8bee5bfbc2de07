"""ETags for postings are their version: If-Match must name the version you read."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from litestar import Request

from adapters.http.problems import Problem
from domain.errors import ConcurrentModification, StaleVersion


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: Request[Any, Any, Any], *, required: bool) -> int | None:
    """The version an If-Match header names; None when absent (or ``*``) and not required."""
    header = request.headers.get("if-match")
    if header is None:
        if required:
            raise Problem(
                "precondition-required",
                "send If-Match with the ETag you last read, so no change is lost",
            )
        return None
    if header.strip() == "*":
        return None
    # If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches.
    tags = [t.strip() for t in header.split(",")]
    versions = [
        int(t.strip('"')) for t in tags if not t.startswith("W/") and t.strip('"').isdigit()
    ]
    if len(versions) != 1:
        # A tag we never handed out cannot match the current version.
        raise StaleVersion(f"If-Match {header!r} does not name a current version")
    return versions[0]


@contextlib.asynccontextmanager
async def if_match(expected: int | None) -> AsyncIterator[int | None]:
    """Apply a change guarded by If-Match. Losing the race to a writer of the same version
    means that version is no longer current: 412, exactly as if it had been read stale."""
    try:
        yield expected
    except ConcurrentModification as error:
        if expected is None:
            raise
        raise StaleVersion(
            f"version {expected} was replaced while this change was applied"
        ) from error
