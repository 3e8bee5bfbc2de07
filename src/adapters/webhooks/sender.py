"""Sending one delivery: the Standard Webhooks headers (webhook-id, webhook-timestamp,
webhook-signature, signed by the ``standardwebhooks`` package) over aiohttp, redirects
not followed, through the guarded resolver. Answers the status code, or None and why
when no answer came (timeout, refused connection, the SSRF guard)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import aiohttp
from standardwebhooks.webhooks import Webhook

from adapters.webhooks.resolver import GuardedResolver, refused

USER_AGENT = "jobboard-webhooks/1"


@dataclass(frozen=True, slots=True)
class Attempt:
    status_code: int | None
    error: str | None = None  # why no answer came
    refused: bool = False  # the SSRF guard refused the host's address


def signed_headers(secret: str, message_id: str, body: str, now: datetime) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, now, body),
    }


class HttpSender:
    def __init__(self, timeout_seconds: float, allowed_hosts: Iterable[str] = ()) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._allowed = tuple(allowed_hosts)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                resolver=GuardedResolver(self._allowed), limit=100, limit_per_host=10
            )
            self._session = aiohttp.ClientSession(
                connector=connector, timeout=self._timeout, trust_env=False
            )
        return self._session

    async def send(self, url: str, secret: str, message_id: str, body: str) -> Attempt:
        headers = signed_headers(secret, message_id, body, datetime.now(UTC))
        try:
            async with self._client().post(
                url, data=body.encode(), headers=headers, allow_redirects=False
            ) as response:
                await response.content.read(4096)  # a little of the answer, then let go
                return Attempt(response.status)
        except TimeoutError:
            return Attempt(None, "timed out")
        except aiohttp.ClientError as error:
            if refused(error):
                return Attempt(None, "the host resolves to a refused address", refused=True)
            return Attempt(None, type(error).__name__)
        except OSError as error:
            if refused(error):
                return Attempt(None, "the host resolves to a refused address", refused=True)
            return Attempt(None, type(error).__name__)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
