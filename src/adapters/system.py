"""The plain-Python implementations of the small ports: time, ids, key secrets."""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from datetime import UTC, datetime
from uuid import UUID


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Uuid7Generator:
    """Time-ordered UUIDs (RFC 9562 version 7): new rows land at the end of an index."""

    def new_id(self) -> UUID:
        millis = time.time_ns() // 1_000_000
        rand = int.from_bytes(os.urandom(10), "big")
        value = (millis & (2**48 - 1)) << 80
        value |= 0x7 << 76  # version
        value |= ((rand >> 62) & 0xFFF) << 64  # 12 random bits
        value |= 0b10 << 62  # variant
        value |= rand & (2**62 - 1)
        return UUID(int=value)


class Sha256KeySecrets:
    """256-bit random keys. A fast hash suffices: the secret is random, not a password."""

    def generate(self, prefix: str) -> str:
        return f"{prefix}_{secrets.token_urlsafe(32)}"

    def hash(self, key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
