"""Reporters' addresses as keyed hashes (HMAC-SHA256): the board keeps one per report, so
that an address reports a posting once, and cannot turn one back into an address
without the key (a plain hash of an IPv4 address is reversed by trying all 2^32)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets

log = logging.getLogger(__name__)


class HmacReporterHashes:
    def __init__(self, key: str | None) -> None:
        if not key:
            # Each process would hash differently: one report per address holds only within
            # a process until it restarts. Production sets JOBBOARD_REPORTER_HASH_KEY.
            log.warning(
                "JOBBOARD_REPORTER_HASH_KEY is not set; reporters' addresses are hashed with "
                "a key of this process only"
            )
            key = secrets.token_hex(32)
        self._key = key.encode()

    def hash(self, address: str) -> str:
        return hmac.new(self._key, address.strip().lower().encode(), hashlib.sha256).hexdigest()
