"""Remembering the answers to creating POSTs, keyed by (caller, Idempotency-Key).

A request first reserves its key (an insert that only one request can win),
then stores its response. A replay with the same body gets the stored
response; the same key with another body, or while the first is still in
flight, is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.tables import idempotency_keys as keys


@dataclass(frozen=True, slots=True)
class StoredResponse:
    request_hash: str
    status_code: int | None  # None: the first request is still being handled
    body: Any
    headers: dict[str, str]


class PostgresIdempotencyStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def reserve(self, principal: str, key: str, request_hash: str) -> StoredResponse | None:
        """Claim the key; None when claimed, else what an earlier request left."""
        async with self._engine.begin() as connection:
            claimed = await connection.execute(
                insert(keys)
                .values(principal=principal, key=key, request_hash=request_hash)
                .on_conflict_do_nothing()
                .returning(keys.c.key)
            )
            if claimed.first() is not None:
                return None
            row = (
                await connection.execute(
                    select(keys).where(keys.c.principal == principal, keys.c.key == key)
                )
            ).first()
        if row is None:  # released between our insert and our select: treat as in flight
            return StoredResponse(request_hash, None, None, {})
        return StoredResponse(
            row.request_hash, row.status_code, row.response_body, row.response_headers or {}
        )

    async def complete(
        self, principal: str, key: str, status_code: int, body: Any, headers: dict[str, str]
    ) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                update(keys)
                .where(keys.c.principal == principal, keys.c.key == key)
                .values(status_code=status_code, response_body=body, response_headers=headers)
            )

    async def release(self, principal: str, key: str) -> None:
        """Forget a reservation whose request failed, so the client may retry."""
        async with self._engine.begin() as connection:
            await connection.execute(
                delete(keys).where(keys.c.principal == principal, keys.c.key == key)
            )
