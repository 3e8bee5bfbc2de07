"""The port behind ``Idempotency-Key``: remembering the answers of creating requests.

A request first reserves its key (only one request can win it), then stores its
answer. The HTTP layer uses it to answer a retried create with the first answer
instead of creating twice; the PostgreSQL adapter implements it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class StoredResponse:
    request_hash: str
    status_code: int | None  # None: the first request is still being handled
    body: Any
    headers: dict[str, str]


# Checkable at run time: Litestar checks the type of what a dependency provides.
@runtime_checkable
class IdempotencyStore(Protocol):
    async def reserve(self, principal: str, key: str, request_hash: str) -> StoredResponse | None:
        """Claim the key; None when claimed, else what an earlier request left. A key whose
        answer has expired, or whose request was abandoned mid-way (its process died), is
        claimed afresh."""
        ...

    async def complete(
        self, principal: str, key: str, status_code: int, body: Any, headers: dict[str, str]
    ) -> None:
        """Keep the answer of the request that reserved the key."""
        ...

    async def release(self, principal: str, key: str) -> None:
        """Forget a reservation whose request failed, so the client may retry."""
        ...

    async def purge(self) -> int:
        """Forget every answer kept past its time; how many were forgotten."""
        ...
