"""ETags for postings are their version: If-Match must name the version you read."""

from __future__ import annotations

from typing import Any

from litestar import Request

from adapters.http.problems import Problem
from domain.errors import StaleVersion


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
