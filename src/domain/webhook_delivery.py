"""What the board does after each attempt to deliver a webhook: done, try again later
(exponential backoff with jitter), give the delivery up, or stop sending to the endpoint.

Pure decisions over the attempt's outcome; the worker records them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # to be sent (again)
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # given up: 4xx other than 408/429, a 410, or a day of failures


class Outcome(StrEnum):
    """How one attempt went, as the metrics count it."""

    DELIVERED = "delivered"
    RETRY = "retry"  # 408, 429, 5xx, a timeout, a refused or broken connection
    REJECTED = "rejected"  # another 4xx (or 3xx): the receiver will not take it
    GONE = "gone"  # 410: the receiver asks never to be sent to again
    REFUSED = "refused"  # the host resolves to an address the board may not reach
    EXPIRED = "expired"  # failing for longer than the give-up window


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Attempt n (1-based) that failed is followed by one after ``base * 2**(n-1)``
    seconds, at most ``cap``, scaled by a jitter factor in [0.5, 1.0); a delivery failing
    for ``give_up_after`` since its first attempt is given up and its endpoint disabled."""

    base_seconds: float = 5.0
    cap_seconds: float = 3600.0
    give_up_after: timedelta = timedelta(hours=24)

    def delay(self, attempts: int, jitter: float) -> timedelta:
        """``jitter`` in [0, 1): a random draw (0.5 + jitter / 2 scales the delay)."""
        exponent = min(max(attempts - 1, 0), 30)
        raw = min(self.base_seconds * 2.0**exponent, self.cap_seconds)
        return timedelta(seconds=raw * (0.5 + min(max(jitter, 0.0), 0.999999) / 2))


@dataclass(frozen=True, slots=True)
class Decision:
    status: DeliveryStatus
    outcome: Outcome
    next_attempt_at: datetime | None = None
    disable_endpoint_because: str | None = None


def classify(status_code: int | None) -> Outcome:
    """An answer's status code (None: no answer: timeout, refused, reset) as an outcome."""
    if status_code is None:
        return Outcome.RETRY
    if 200 <= status_code < 300:
        return Outcome.DELIVERED
    if status_code == 410:
        return Outcome.GONE
    if status_code in (408, 425, 429) or status_code >= 500:
        return Outcome.RETRY
    return Outcome.REJECTED


def decide(
    outcome: Outcome,
    *,
    attempts: int,
    first_attempt_at: datetime,
    now: datetime,
    policy: RetryPolicy,
    jitter: float,
) -> Decision:
    """What follows attempt number ``attempts`` (counting this one) of a delivery first
    tried at ``first_attempt_at``."""
    if outcome is Outcome.DELIVERED:
        return Decision(DeliveryStatus.DELIVERED, outcome)
    if outcome is Outcome.GONE:
        return Decision(
            DeliveryStatus.FAILED,
            outcome,
            disable_endpoint_because="the receiver answered 410 Gone",
        )
    if outcome is Outcome.REFUSED:
        return Decision(
            DeliveryStatus.FAILED,
            outcome,
            disable_endpoint_because="the URL's host resolves to an address the board may not "
            "send to (loopback, private, link-local, multicast, reserved or metadata)",
        )
    if outcome is Outcome.REJECTED:
        return Decision(DeliveryStatus.FAILED, outcome)
    if now - first_attempt_at >= policy.give_up_after:
        hours = policy.give_up_after.total_seconds() / 3600
        return Decision(
            DeliveryStatus.FAILED,
            Outcome.EXPIRED,
            disable_endpoint_because=(
                f"deliveries failed for {hours:g} hours since {first_attempt_at.isoformat()}"
                f" (last: {outcome.value})"
            ),
        )
    return Decision(
        DeliveryStatus.PENDING, outcome, next_attempt_at=now + policy.delay(attempts, jitter)
    )
