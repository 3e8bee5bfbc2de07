"""Conditional GET (RFC 9110 13.1): an answer a client already holds is a bodiless 304."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from litestar import Request, Response


def body_etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _holds(request: Request[Any, Any, Any], tag: str, last_modified: datetime | None) -> bool:
    # If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2).
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        # Weak comparison: W/"x" and "x" name the same answer here.
        given = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return tag in given
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since is None or last_modified is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # a date we cannot read is ignored, as RFC 9110 says
    if since.tzinfo is None:
        return False
    return last_modified.replace(microsecond=0) <= since


def conditional(
    request: Request[Any, Any, Any],
    body: bytes,
    media_type: str,
    last_modified: datetime | None,
    max_age: int = 60,
) -> Response[bytes]:
    """``body`` as the answer, or 304 when the request's validators say the client has it.
    Without ``last_modified`` (nothing dated in the body) only the ETag validates."""
    tag = body_etag(body)
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}"}
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
    if _holds(request, tag, last_modified):
        return Response(b"", status_code=304, headers=headers, media_type=media_type)
    return Response(body, headers=headers, media_type=media_type)
