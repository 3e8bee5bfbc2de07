"""Reporters' addresses as keyed hashes (HMAC-SHA256): the board keeps one per report, so
that an address reports a posting once, and cannot turn one back into an address
without the key (a plain hash of an IPv4 address is reversed by trying all 2^32)."""

from __future__ import annotations

import hashlib
import hmac
import secrets


class HmacReporterHashes:
    def __init__(self, key: str | None) -> None:
        # Unset (JOBBOARD_REPORTER_HASH_KEY): a key of this process only, so one report
        # per address holds within a process until it restarts. Nothing is logged here:
        # the hasher is made at a request's first report, inside that request's log
        # context; `jobboard config` shows the setting unset.
        self._key = (key or secrets.token_hex(32)).encode()

    def hash(self, address: str) -> str:
        return hmac.new(self._key, address.strip().lower().encode(), hashlib.sha256).hexdigest()
