"""Remembering the answers to creating POSTs, keyed by (caller, Idempotency-Key).

A request first reserves its key (an insert that only one request can win),
then stores its response. A replay with the same body gets the stored
response; the same key with another body, or while the first is still in
flight, is refused. Answers are kept for ``keep`` (then purged, and the key is
free again); a reservation older than ``abandon_after`` whose request never
answered (its process was killed) is taken over by the next request.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.availability import translate_outages
from adapters.postgres.tables import idempotency_keys as keys
from application.idempotency import StoredResponse


@translate_outages
class PostgresIdempotencyStore:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        keep: timedelta = timedelta(hours=24),
        abandon_after: timedelta = timedelta(seconds=60),
    ) -> None:
        self._engine = engine
        self._keep, self._abandon_after = keep, abandon_after

    def _stale(self) -> Any:
        """Rows the next request may claim afresh: answers past their time, and
        reservations left unanswered past the abandon time."""
        now = func.now()
        return or_(
            keys.c.created_at < now - self._keep,
            and_(keys.c.status_code.is_(None), keys.c.created_at < now - self._abandon_after),
        )

    async def reserve(self, principal: str, key: str, request_hash: str) -> StoredResponse | None:
        """Claim the key; None when claimed, else what an earlier request left."""
        mine = and_(keys.c.principal == principal, keys.c.key == key)
        async with self._engine.begin() as connection:
            claimed = await connection.execute(
                insert(keys)
                .values(principal=principal, key=key, request_hash=request_hash)
                .on_conflict_do_nothing()
                .returning(keys.c.key)
            )
            if claimed.first() is not None:
                return None
            # Taken: by an answer or reservation that is stale, this request claims it anew.
            retaken = await connection.execute(
                update(keys)
                .where(mine, self._stale())
                .values(
                    request_hash=request_hash,
                    status_code=None,
                    response_body=None,
                    response_headers=None,
                    created_at=func.now(),
                )
                .returning(keys.c.key)
            )
            if retaken.first() is not None:
                return None
            row = (await connection.execute(select(keys).where(mine))).first()
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

    async def purge(self) -> int:
        """Delete the answers kept past their time (and abandoned reservations)."""
        async with self._engine.begin() as connection:
            purged = await connection.execute(delete(keys).where(self._stale()))
        return int(purged.rowcount or 0)
