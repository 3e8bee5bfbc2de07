"""Idempotency-Key on creating POSTs: a retried request gets the first answer."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response

from adapters.http.problems import Problem
from application.idempotency import IdempotencyStore

REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255


async def idempotent(
    request: Request[Any, Any, Any],
    store: IdempotencyStore,
    principal: str,
    create: Callable[[], Awaitable[Response[Any]]],
    *,
    secrets: tuple[str, ...] = (),
) -> Response[Any]:
    """Run ``create`` once per (principal, Idempotency-Key); without the header, just run it.

    ``secrets`` names the top-level fields of the answer that are shown once (an API key):
    the record keeps them as null, so it holds no secret and a replay does not hand the
    secret out again."""
    key = request.headers.get("idempotency-key")
    if key is None:
        return await create()
    if not key.strip() or len(key) > MAX_KEY_LENGTH:
        raise Problem(
            "malformed-request", f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters"
        )
    fingerprint = hashlib.sha256(
        request.method.encode() + b" " + request.url.path.encode() + b"\n" + await request.body()
    ).hexdigest()
    earlier = await store.reserve(principal, key, fingerprint)
    if earlier is not None:
        if earlier.request_hash != fingerprint:
            raise Problem(
                "idempotency-key-reused",
                "this Idempotency-Key was first used with another request body or route",
            )
        if earlier.status_code is None:
            raise Problem("request-in-progress", "the first request with this key is not done yet")
        headers = {**earlier.headers, REPLAYED_HEADER: "true"}
        return Response(earlier.body, status_code=earlier.status_code, headers=headers)
    try:
        response = await create()
    except BaseException:
        await store.release(principal, key)  # the request failed: a retry may run it again
        raise
    kept = {k: v for k, v in response.headers.items() if k.lower() in ("etag", "location")}
    body = response.content
    if secrets and isinstance(body, dict):
        body = body | dict.fromkeys(secrets)
    await store.complete(principal, key, response.status_code or 200, body, kept)
    return response
