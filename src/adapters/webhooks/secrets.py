"""Webhook signing secrets: made random in the Standard Webhooks form, sealed with Fernet
(AES-128-CBC and HMAC-SHA256) under the key JOBBOARD_WEBHOOK_SECRET_KEY names.

The worker must sign every delivery with the secret, so a one-way digest (as API keys
have) cannot do: the secret is kept encrypted, and the key lives outside the database.
Several keys may be given (comma-separated, newest first) to rotate the key itself:
new secrets are sealed with the first, old ones still open with the others."""

from __future__ import annotations

import base64
import secrets

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from application.errors import Unavailable

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


class WebhooksNotConfigured(Unavailable):
    code = "webhooks-not-configured"


class FernetWebhookSecrets:
    def __init__(self, keys: str | None) -> None:
        given = [k.strip() for k in (keys or "").split(",") if k.strip()]
        self._box = MultiFernet([Fernet(k) for k in given]) if given else None

    def _sealer(self) -> MultiFernet:
        if self._box is None:
            raise WebhooksNotConfigured(
                "webhooks are not configured: JOBBOARD_WEBHOOK_SECRET_KEY is unset"
            )
        return self._box

    def generate(self) -> str:
        return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()

    def seal(self, secret: str) -> str:
        return self._sealer().encrypt(secret.encode()).decode()

    def open(self, sealed: str) -> str:
        try:
            return self._sealer().decrypt(sealed.encode()).decode()
        except InvalidToken:
            raise WebhooksNotConfigured(
                "a webhook secret was sealed with a key JOBBOARD_WEBHOOK_SECRET_KEY no longer lists"
            ) from None


def new_key() -> str:
    """A fresh key for JOBBOARD_WEBHOOK_SECRET_KEY."""
    return Fernet.generate_key().decode()
