"""Rate limits on writes and sign-ups: per API key and per client address.

Only writes (POST, PUT, PATCH, DELETE) pass through here; reads go straight to
the app, so the public board pays one method check per request. Each limit is
``limit`` requests per ``window`` seconds, counted by the ``limits`` package in
the board's rate-limit storage (adapters.rate_limit_storage): Redis, shared by
every worker process and machine, when ``JOBBOARD_REDIS_URL`` is set; this
process's memory otherwise.

A request is counted against a limit only when every limit it falls under has
room, so a refused request costs its caller nothing (two processes racing for a
caller's last request may both get it: the limits are a guard, not a ledger).

A refused request gets 429 problem+json with ``Retry-After``; every write that
passes through carries ``RateLimit-Limit``, ``RateLimit-Remaining`` and
``RateLimit-Reset`` (draft-ietf-httpapi-ratelimit-headers) for its tightest
limit, and ``RateLimit-Policy`` naming that limit's quota and window.

When the storage fails (Redis is away or slow), the write is served without
limits: refusing every write while Redis restarts would turn a cache outage
into a board outage. Each such write is counted in
``jobboard_rate_limit_storage_errors_total`` and a warning is logged (at most
one every ``WARNING_INTERVAL_SECONDS``).
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import json
import logging
import math
import re
import time
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from limits import RateLimitItem, RateLimitItemPerSecond
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.problems import PROBLEM_JSON, PROBLEMS
from adapters.observability.metrics import RATE_LIMIT_STORAGE_ERRORS
from adapters.rate_limit_storage import RateLimitStorage
from adapters.settings import Settings

log = logging.getLogger(__name__)

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SIGNUP_PATHS = frozenset({"/v1/companies", "/v1/companies/"})
# Alert requests (issue 20 item 3) count as sign-ups: each one mails an address.
SIGNUP_PATHS = SIGNUP_PATHS | {"/v1/alerts", "/v1/alerts/"}
WARNING_INTERVAL_SECONDS = 30.0
# A candidate applying to a posting: limited per address and per posting, apart from the
# other writes (an application is public and costs the employer's attention).
APPLICATION_PATH = re.compile(r"^/v1/postings/(?P<posting>[^/]+)/applications/?$")
# A candidate reporting a posting: limited per address apart from the other writes.
REPORT_PATH = re.compile(r"^/v1/postings/[^/]+/reports/?$")


@dataclass(frozen=True, slots=True)
class Verdict:
    """One limit's answer: allowed or not, and what to tell the client."""

    name: str
    allowed: bool
    limit: int
    window: int
    remaining: int
    reset_seconds: int  # until the caller's budget is whole again
    retry_after: int  # until one more request is allowed (0 when allowed)


@dataclass(frozen=True, slots=True)
class Limit:
    name: str
    item: RateLimitItem

    @classmethod
    def of(cls, name: str, limit: int, window: int) -> Limit:
        return cls(name, RateLimitItemPerSecond(limit, window))


class WriteRateLimits:
    """The board's limits: writes per key and per address, sign-ups per address, and
    applications per address and per posting."""

    def __init__(
        self,
        storage: RateLimitStorage,
        *,
        writes_per_key: int,
        writes_per_address: int,
        signups_per_address: int,
        window: float,
        applications_per_address: int = 10,
        applications_per_posting: int = 300,
        reports_per_address: int = 10,
    ) -> None:
        seconds = max(1, math.ceil(window))  # the counters count whole seconds
        self.per_key = Limit.of("writes-per-key", writes_per_key, seconds)
        self.per_address = Limit.of("writes-per-address", writes_per_address, seconds)
        self.signups = Limit.of("signups-per-address", signups_per_address, seconds)
        self.applications = Limit.of("applications-per-address", applications_per_address, seconds)
        self.applications_per_posting = Limit.of(
            "applications-per-posting", applications_per_posting, seconds
        )
        self.reports = Limit.of("reports-per-address", reports_per_address, seconds)
        self._limiter = storage.limiter
        self._warned_at = -math.inf

    @classmethod
    def from_settings(cls, settings: Settings, storage: RateLimitStorage) -> WriteRateLimits:
        return cls(
            storage,
            writes_per_key=settings.rate_limit_writes_per_key,
            writes_per_address=settings.rate_limit_writes_per_address,
            signups_per_address=settings.rate_limit_signups_per_address,
            window=settings.rate_limit_window_seconds,
            applications_per_address=settings.rate_limit_applications_per_address,
            applications_per_posting=settings.rate_limit_applications_per_posting,
            reports_per_address=settings.rate_limit_reports_per_address,
        )

    def _limits_of(self, scope: Scope) -> list[tuple[Limit, str]]:
        client = scope.get("client")
        address = _caller_address(client[0]) if client else "unknown"
        checks = [(self.per_address, address)]
        if scope["path"] in SIGNUP_PATHS:
            checks.append((self.signups, address))
        method = scope.get("method")
        applying = APPLICATION_PATH.match(scope["path"]) if method == "POST" else None
        if applying is not None:
            checks.append((self.applications, address))
            posting = _canonical_id(applying["posting"])
            if posting is not None:  # not an id: the route answers 404 without counting
                checks.append((self.applications_per_posting, posting))
        if method == "POST" and REPORT_PATH.match(scope["path"]):
            checks.append((self.reports, address))
        key = _bearer_fingerprint(scope)
        if key is not None:
            checks.append((self.per_key, key))
        return checks

    async def admit(self, scope: Scope) -> list[Verdict] | None:
        """Check every limit this write falls under; count it in each only if all allow.
        None when the storage failed: the write goes on unlimited."""
        checks = self._limits_of(scope)
        limiter = self._limiter
        try:
            allowed = await asyncio.gather(
                *(limiter.test(limit.item, limit.name, caller) for limit, caller in checks)
            )
            if all(allowed):
                allowed = await asyncio.gather(
                    *(limiter.hit(limit.item, limit.name, caller) for limit, caller in checks)
                )
            stats = await asyncio.gather(
                *(
                    limiter.get_window_stats(limit.item, limit.name, caller)
                    for limit, caller in checks
                )
            )
        except Exception as error:  # whatever the storage raises: serve, count, warn
            self._storage_failed(error)
            return None
        now = time.time()
        return [
            _verdict(limit, ok, remaining, reset_time - now)
            for (limit, _), ok, (reset_time, remaining) in zip(checks, allowed, stats, strict=True)
        ]

    def _storage_failed(self, error: Exception) -> None:
        RATE_LIMIT_STORAGE_ERRORS.inc()
        now = time.monotonic()
        if now - self._warned_at >= WARNING_INTERVAL_SECONDS:
            self._warned_at = now
            log.warning(
                "rate limits unavailable, serving writes without them: %s: %s",
                type(error).__name__,
                error,
            )

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """The ASGI middleware (Litestar calls this with the app it wraps)."""

        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != ScopeType.HTTP or scope["method"] not in WRITE_METHODS:
                await app(scope, receive, send)
                return
            verdicts = await self.admit(scope)
            if verdicts is None:
                await app(scope, receive, send)
                return
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


def _verdict(limit: Limit, allowed: bool, remaining: int, reset_in: float) -> Verdict:
    window = limit.item.get_expiry()
    reset_seconds = min(window, max(1, math.ceil(reset_in)))
    return Verdict(
        name=limit.name,
        allowed=allowed,
        limit=limit.item.amount,
        window=window,
        remaining=max(0, remaining),
        reset_seconds=reset_seconds,
        retry_after=0 if allowed else reset_seconds,
    )


def _caller_address(address: str) -> str:
    """Who a per-address limit counts: an IPv4 address, or an IPv6 address's /64 (one host
    usually holds a whole /64 and can rotate through it)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an IP (a test transport's name): counted as it is
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def _canonical_id(text: str) -> str | None:
    """A posting id as one spelling: the route reads any case, with or without hyphens, so
    the per-posting budget must too."""
    try:
        return str(UUID(text))
    except ValueError:
        return None


def _bearer_fingerprint(scope: Scope) -> str | None:
    """A digest of the presented key: counters never hold a secret, and a long junk key costs
    no more room than a real one."""
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
        (b"ratelimit-policy", f"{verdict.limit};w={verdict.window}".encode()),
    ]


async def _too_many_requests(scope: Scope, send: Send, verdict: Verdict) -> None:
    kind = PROBLEMS["rate-limited"]
    body = json.dumps(
        {
            "type": "/problems/rate-limited",
            "title": kind.title,
            "status": kind.status,
            "detail": f"rate limit {verdict.name} ({verdict.limit} per "
            f"{verdict.window}s) reached; retry in {verdict.retry_after}s",
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
