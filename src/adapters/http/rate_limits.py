"""Rate limits on writes and sign-ups: per API key and per client address.

Only writes (POST, PUT, PATCH, DELETE) pass through here; reads go straight to
the app, so the public board pays one method check per request. Each limit is
a token bucket (``limit`` requests per ``window``, refilled continuously), kept
in this process's memory: with several worker processes each has a budget of
its own, so the effective limit is ``workers x limit``.

A refused request gets 429 problem+json with ``Retry-After``; every write that
passes through carries ``RateLimit-Limit``, ``RateLimit-Remaining`` and
``RateLimit-Reset`` (draft-ietf-httpapi-ratelimit-headers) for its tightest
limit, and ``RateLimit-Policy`` naming that limit's quota and window.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.problems import PROBLEM_JSON, PROBLEMS
from adapters.settings import Settings

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SIGNUP_PATHS = frozenset({"/v1/companies", "/v1/companies/"})
# A candidate applying to a posting: limited per address and per posting, apart from the
# other writes (an application is public and costs the employer's attention).
APPLICATION_PATH = re.compile(r"^/v1/postings/(?P<posting>[^/]+)/applications/?$")
# Past this many tracked callers, buckets that have refilled completely are forgotten.
MAX_TRACKED = 100_000


@dataclass(frozen=True, slots=True)
class Verdict:
    """One bucket's answer: allowed or not, and what to tell the client."""

    name: str
    allowed: bool
    limit: int
    window: float
    remaining: int
    reset_seconds: int  # until the bucket is full again
    retry_after: int  # until one more request is allowed (0 when allowed)


class TokenBucket:
    """``limit`` requests per ``window`` seconds for each caller, refilled continuously."""

    def __init__(
        self, name: str, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.name, self.limit, self.window = name, limit, window
        self._rate = limit / window  # tokens per second
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # caller -> (tokens, at)

    def _tokens(self, caller: str, now: float) -> float:
        tokens, at = self._buckets.get(caller, (float(self.limit), now))
        return min(float(self.limit), tokens + (now - at) * self._rate)

    def check(self, caller: str) -> Verdict:
        """What taking one token would answer, without taking it."""
        tokens = self._tokens(caller, self._clock())
        allowed = tokens >= 1.0
        return self._verdict(allowed, tokens - 1.0 if allowed else tokens)

    def take(self, caller: str) -> None:
        now = self._clock()
        if len(self._buckets) >= MAX_TRACKED:
            self._forget_full(now)
        self._buckets[caller] = (max(0.0, self._tokens(caller, now) - 1.0), now)

    def _verdict(self, allowed: bool, left: float) -> Verdict:
        return Verdict(
            name=self.name,
            allowed=allowed,
            limit=self.limit,
            window=self.window,
            remaining=max(0, math.floor(left)),
            reset_seconds=math.ceil((self.limit - left) / self._rate),
            retry_after=0 if allowed else max(1, math.ceil((1.0 - left) / self._rate)),
        )

    def _forget_full(self, now: float) -> None:
        full = [c for c in self._buckets if self._tokens(c, now) >= self.limit]
        for caller in full:
            del self._buckets[caller]


class WriteRateLimits:
    """The board's limits: writes per key and per address, sign-ups per address, and
    applications per address and per posting."""

    def __init__(
        self,
        *,
        writes_per_key: int,
        writes_per_address: int,
        signups_per_address: int,
        window: float,
        applications_per_address: int = 10,
        applications_per_posting: int = 300,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_key = TokenBucket("writes-per-key", writes_per_key, window, clock)
        self.per_address = TokenBucket("writes-per-address", writes_per_address, window, clock)
        self.signups = TokenBucket("signups-per-address", signups_per_address, window, clock)
        self.applications = TokenBucket(
            "applications-per-address", applications_per_address, window, clock
        )
        self.applications_per_posting = TokenBucket(
            "applications-per-posting", applications_per_posting, window, clock
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> WriteRateLimits:
        return cls(
            writes_per_key=settings.rate_limit_writes_per_key,
            writes_per_address=settings.rate_limit_writes_per_address,
            signups_per_address=settings.rate_limit_signups_per_address,
            window=settings.rate_limit_window_seconds,
            applications_per_address=settings.rate_limit_applications_per_address,
            applications_per_posting=settings.rate_limit_applications_per_posting,
        )

    def admit(self, scope: Scope) -> list[Verdict]:
        """Check every limit this write falls under; take a token from each only if all allow."""
        checks: list[tuple[TokenBucket, str]] = []
        client = scope.get("client")
        address = client[0] if client else "unknown"
        checks.append((self.per_address, address))
        if scope["path"] in SIGNUP_PATHS:
            checks.append((self.signups, address))
        method = scope.get("method")
        applying = APPLICATION_PATH.match(scope["path"]) if method == "POST" else None
        if applying is not None:
            checks.append((self.applications, address))
            checks.append((self.applications_per_posting, applying["posting"][:64]))
        key = _bearer_fingerprint(scope)
        if key is not None:
            checks.append((self.per_key, key))
        verdicts = [bucket.check(caller) for bucket, caller in checks]
        if all(v.allowed for v in verdicts):
            for bucket, caller in checks:
                bucket.take(caller)
        return verdicts

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """The ASGI middleware (Litestar calls this with the app it wraps)."""

        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP or scope["method"] not in WRITE_METHODS:
                await app(scope, receive, send)
                return
            verdicts = self.admit(scope)
            refused = [v for v in verdicts if not v.allowed]
            if refused:
                worst = max(refused, key=lambda v: v.retry_after)
                await _too_many_requests(scope, send, worst)
                return
            tightest = min(verdicts, key=lambda v: v.remaining)
            headers = _headers(tightest)

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", []), *headers]
                await send(message)

            await app(scope, receive, send_with_headers)

        return limited


def _bearer_fingerprint(scope: Scope) -> str | None:
    """A digest of the presented key: buckets never hold a secret, and a long junk key costs
    no more memory than a real one."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.partition(b" ")
            if scheme.lower() == b"bearer" and token.strip():
                return hashlib.sha256(token.strip()).hexdigest()
    return None


def _headers(verdict: Verdict) -> list[tuple[bytes, bytes]]:
    return [
        (b"ratelimit-limit", str(verdict.limit).encode()),
        (b"ratelimit-remaining", str(verdict.remaining).encode()),
        (b"ratelimit-reset", str(verdict.reset_seconds).encode()),
        (b"ratelimit-policy", f"{verdict.limit};w={math.ceil(verdict.window)}".encode()),
    ]


async def _too_many_requests(scope: Scope, send: Send, verdict: Verdict) -> None:
    kind = PROBLEMS["rate-limited"]
    body = json.dumps(
        {
            "type": "/problems/rate-limited",
            "title": kind.title,
            "status": kind.status,
            "detail": f"rate limit {verdict.name} ({verdict.limit} per "
            f"{verdict.window:g}s) reached; retry in {verdict.retry_after}s",
            "instance": scope["path"],
        }
    ).encode()
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(verdict.retry_after).encode()),
        *_headers(verdict),
    ]
    start: dict[str, Any] = {"type": "http.response.start", "status": 429, "headers": headers}
    await send(start)  # type: ignore[arg-type]
    await send({"type": "http.response.body", "body": body, "more_body": False})
