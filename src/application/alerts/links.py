"""The tokens of an alert's confirm and unsubscribe links.

A token is the HMAC of the alert's id and the link's purpose under the board's signing
key: the mailer renders the same link again on a retry (or in every alert mail) without
the board keeping the token anywhere; the alert keeps only each token's SHA-256 digest,
which is how a clicked link finds its alert."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

CONFIRM = "confirm"
UNSUBSCRIBE = "unsubscribe"


class AlertSigningKey(Protocol):
    """The secret the links are signed with (the same for every process of the board)."""

    async def key(self) -> bytes: ...


@dataclass(frozen=True, slots=True)
class AlertLinks:
    confirm: str
    unsubscribe: str

    @property
    def digests(self) -> tuple[str, str]:
        return token_digest(self.confirm), token_digest(self.unsubscribe)


def link_token(key: bytes, purpose: str, alert_id: UUID) -> str:
    mac = hmac.new(key, f"{purpose}:{alert_id}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def alert_links(key: bytes, alert_id: UUID) -> AlertLinks:
    return AlertLinks(link_token(key, CONFIRM, alert_id), link_token(key, UNSUBSCRIBE, alert_id))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
