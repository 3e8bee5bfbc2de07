"""The near-duplicate index on PostgreSQL: signatures found by their LSH band keys.

A lookup reads the band keys' index (``pk_near_duplicate_bands``: one probe per key of
the 21), then the few signatures it names by primary key, joined to their postings to keep
those public or within the repost window: its cost grows with the candidates found, not
with the board (bench.duplicates measures it at 100k and 1M postings).

A company's checks are serialised by a session-level advisory lock on the unit of work's
connection, taken before the lookup and released when the unit of work ends, after its
commit: a second publish of the same company waits, then sees the first's signature.
(The unit of work loads outside a transaction, so a transaction-level lock would not last
from the lookup to the commit.)
"""

from __future__ import annotations

import struct
import time
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.tables import near_duplicate_bands, near_duplicate_signatures
from domain.ids import CompanyId, PostingId
from domain.near_duplicates import HASHES, AdSignature, SignedPosting

# Names "a company's duplicate check" among advisory locks (two-key form: its own space,
# apart from the projector's and the relay's one-key locks).
LOCK_NAMESPACE = 0x4E44  # "ND"
_MINHASH = struct.Struct(f">{HASHES}I")

_LOCK = text("SELECT pg_advisory_lock(:namespace, hashtext(:company))")
_UNLOCK = text("SELECT pg_advisory_unlock(:namespace, hashtext(:company))")
# The candidates' ids are an array computed first (an InitPlan), so the signatures are
# read through their primary key whatever the statistics say.
NEAR = text(
    "SELECT s.posting_id, s.company_id, s.minhash"
    " FROM near_duplicate_signatures s JOIN postings p ON p.id = s.posting_id"
    " WHERE s.posting_id = ANY(ARRAY("
    "  SELECT DISTINCT b.posting_id FROM near_duplicate_bands b"
    "  WHERE b.band_key = ANY(CAST(:keys AS bigint[]))))"
    " AND (p.status = 'published' OR p.ended_at >= :left_since)"
)
_FORGET = text("DELETE FROM near_duplicate_signatures WHERE posting_id = ANY(:ids)")
_INSERT_SIGNATURE = insert(near_duplicate_signatures)
_INSERT_BANDS = insert(near_duplicate_bands)

# The upkeep: signatures of postings that left the board longer ago than the window.
PURGE = text(
    "DELETE FROM near_duplicate_signatures s USING postings p"
    " WHERE p.id = s.posting_id AND p.status <> 'published'"
    " AND p.ended_at < now() - make_interval(days => :days)"
)


def pack(signature: AdSignature) -> bytes:
    return _MINHASH.pack(*signature.values)


def unpack(data: bytes) -> AdSignature:
    return AdSignature(_MINHASH.unpack(data))


class PostgresNearDuplicateIndex:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self.pending: list[tuple[SignedPosting, datetime]] = []
        self._held: str | None = None

    async def hold_company(self, company_id: CompanyId) -> None:
        if self._held is not None:
            return
        await self._connection.execute(
            _LOCK, {"namespace": LOCK_NAMESPACE, "company": str(company_id)}
        )
        self._held = str(company_id)

    async def release(self) -> None:
        """Let the company's next check go; a connection that cannot say so is dropped
        (its session, and the lock with it, ends)."""
        if self._held is None:
            return
        company, self._held = self._held, None
        try:
            await self._connection.execute(
                _UNLOCK, {"namespace": LOCK_NAMESPACE, "company": company}
            )
        except Exception:
            await self._connection.invalidate()
            raise

    async def near(self, signature: AdSignature, left_since: datetime) -> list[SignedPosting]:
        result = await self._connection.execute(
            NEAR, {"keys": list(signature.band_keys()), "left_since": left_since}
        )
        return [
            SignedPosting(
                PostingId(UUID(str(row[0]))), CompanyId(UUID(str(row[1]))), unpack(row[2])
            )
            for row in result.all()
        ]

    def add(self, posting: SignedPosting, now: datetime) -> None:
        self.pending.append((posting, now))

    async def write(self) -> None:
        """Save the staged signatures, inside the unit of work's transaction."""
        if not self.pending:
            return
        ids: list[UUID] = [signed.posting_id for signed, _ in self.pending]
        await self._connection.execute(_FORGET, {"ids": ids})
        signatures: list[dict[str, Any]] = []
        bands: list[dict[str, Any]] = []
        for signed, now in self.pending:
            signatures.append(
                {
                    "posting_id": signed.posting_id,
                    "company_id": signed.company_id,
                    "minhash": pack(signed.signature),
                    "signed_at": now,
                }
            )
            bands.extend(
                {"band_key": key, "posting_id": signed.posting_id}
                for key in set(signed.signature.band_keys())
            )
        await self._connection.execute(_INSERT_SIGNATURE, signatures)
        await self._connection.execute(_INSERT_BANDS, bands)

    def written(self) -> None:
        self.pending.clear()


class PurgeSignatures:
    """The projector's upkeep: forget the signatures of postings that left the board more
    than the repost window ago. It reads every kept signature, so it runs at most once per
    ``every_seconds`` (the projector's upkeep comes round every second)."""

    def __init__(self, window_days: int, every_seconds: float = 3600.0) -> None:
        self._days, self._every = window_days, every_seconds
        self._last: float | None = None

    async def __call__(self, connection: AsyncConnection) -> None:
        now = time.monotonic()
        if self._last is not None and now - self._last < self._every:
            return
        await connection.execute(PURGE, {"days": self._days})
        self._last = now
