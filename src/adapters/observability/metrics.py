"""Prometheus metrics: the series the board exposes at ``GET /metrics``.

The metric objects are process-wide, as prometheus_client wants them. With
several worker processes, ``PROMETHEUS_MULTIPROC_DIR`` names a directory they
all write to, and ``/metrics`` (whichever worker answers) sums them: gauges of
live processes are summed (``livesum``), the outbox backlog is the most recent
reading. ``jobboard serve --workers N`` sets that directory up itself.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger("jobboard.projector")
relay_log = logging.getLogger("jobboard.relay")

# No *_created series: they would double the exposition for little use.
disable_created_metrics()  # type: ignore[no-untyped-call]

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
LAG_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)

HTTP_REQUESTS = Counter(
    "jobboard_http_requests_total",
    "HTTP requests answered, by route template, method and status",
    ["route", "method", "status"],
)
HTTP_DURATION = Histogram(
    "jobboard_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template, method and status",
    ["route", "method", "status"],
    buckets=LATENCY_BUCKETS,
)
HTTP_IN_FLIGHT = Gauge(
    "jobboard_http_requests_in_flight",
    "HTTP requests being answered now",
    multiprocess_mode="livesum",
)
POOL_IN_USE = Gauge(
    "jobboard_db_pool_connections_in_use",
    "Database connections checked out of the pool",
    ["pool"],
    multiprocess_mode="livesum",
)
POOL_CAPACITY = Gauge(
    "jobboard_db_pool_connections_max",
    "Connections the pool may open (size + overflow)",
    ["pool"],
    multiprocess_mode="livesum",
)
USE_CASE_DURATION = Histogram(
    "jobboard_use_case_duration_seconds",
    "Time a command or query handler takes, by use case and outcome",
    ["kind", "use_case", "outcome"],
    buckets=LATENCY_BUCKETS,
)
OUTBOX_BACKLOG = Gauge(
    "jobboard_outbox_backlog",
    "Outbox events not yet applied to the read models (read at scrape time)",
    multiprocess_mode="mostrecent",
)
PROJECTION_LAG = Histogram(
    "jobboard_projection_lag_seconds",
    "Seconds between an event's commit to the outbox and its application to the read models",
    buckets=LAG_BUCKETS,
)
PROJECTED_EVENTS = Counter(
    "jobboard_projector_events_applied_total", "Outbox events applied to the read models"
)
PROJECTOR_ERRORS = Counter(
    "jobboard_projector_errors_total", "Projector batches that failed (and will be retried)"
)
RATE_LIMIT_STORAGE_ERRORS = Counter(
    "jobboard_rate_limit_storage_errors_total",
    "Writes served without their rate limits because the limits' storage (Redis) failed",
)
RELAY_BACKLOG = Gauge(
    "jobboard_relay_backlog",
    "Outbox events not yet published to the broker (read at scrape time; only with the "
    "relay configured)",
    multiprocess_mode="mostrecent",
)
RELAYED_EVENTS = Counter(
    "jobboard_relay_events_published_total",
    "Outbox events the broker acknowledged (resends after a crash included)",
)
RELAY_ERRORS = Counter(
    "jobboard_relay_errors_total",
    "Relay batches that failed or were acknowledged only in part (and will be retried)",
)
RELAY_LAG = Histogram(
    "jobboard_relay_lag_seconds",
    "Seconds between an event's occurrence and the broker's acknowledgement of it",
    buckets=LAG_BUCKETS,
)

UNMATCHED_ROUTE = "unmatched"
# Any client may send a request line with a method of its own invention: label values come
# from this closed set, so the series cannot grow with what clients make up.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"


def method_label(method: str) -> str:
    """The method as a label value: itself when HTTP defines it, ``other`` otherwise."""
    return method if method in KNOWN_METHODS else OTHER_METHOD


class HttpMetrics:
    """Request count and latency, with the label children cached per (route, method, status),
    so a request costs two dictionary lookups and two increments, not a label resolution."""

    __slots__ = ("_children",)

    def __init__(self) -> None:
        self._children: dict[tuple[str, str, int], tuple[Callable[[], None], Any]] = {}

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        key = (route, method, status)
        children = self._children.get(key)
        if children is None:
            labels = (route, method, str(status))
            children = (HTTP_REQUESTS.labels(*labels).inc, HTTP_DURATION.labels(*labels).observe)
            self._children[key] = children
        children[0]()
        children[1](seconds)


class UseCaseTimer:
    """The latency children of one use case: its successes, and (made on the first) its failures."""

    __slots__ = ("_error", "_labels", "ok")

    def __init__(self, kind: str, use_case: str) -> None:
        self._labels = (kind, use_case)
        self.ok: Callable[[float], None] = USE_CASE_DURATION.labels(kind, use_case, "ok").observe
        self._error: Callable[[float], None] | None = None

    def error(self, seconds: float) -> None:
        if self._error is None:
            self._error = USE_CASE_DURATION.labels(*self._labels, "error").observe
        self._error(seconds)


def watch_pool(engine: AsyncEngine, pool: str, capacity: int) -> None:
    """Count the engine's checked-out connections as the pool hands them out and takes them back."""
    in_use = POOL_IN_USE.labels(pool)
    POOL_CAPACITY.labels(pool).inc(capacity)

    def checked_out(*_: Any) -> None:
        in_use.inc()

    def checked_in(*_: Any) -> None:
        in_use.dec()

    event.listen(engine.sync_engine, "checkout", checked_out)
    event.listen(engine.sync_engine, "checkin", checked_in)


class ProjectorMetrics:
    """What the projector reports: each applied batch (count, lag, a log line) and each failure."""

    def projected(self, first_id: int, last_id: int, lags: Sequence[float]) -> None:
        PROJECTED_EVENTS.inc(len(lags))
        for lag in lags:
            PROJECTION_LAG.observe(lag)
        log.info(
            "projected events",
            extra={"first_event": first_id, "last_event": last_id, "events": len(lags)},
        )

    def failed(self) -> None:
        PROJECTOR_ERRORS.inc()


class RelayMetrics:
    """What the relay reports: each acknowledged batch (count, lag, a log line) and each
    failed one."""

    def relayed(self, first_id: int, last_id: int, ages: Sequence[float]) -> None:
        RELAYED_EVENTS.inc(len(ages))
        for age in ages:
            RELAY_LAG.observe(age)
        relay_log.info(
            "relayed events",
            extra={"first_event": first_id, "last_event": last_id, "events": len(ages)},
        )

    def failed(self) -> None:
        RELAY_ERRORS.inc()


def render(outbox_backlog: int | None, relay_backlog: int | None = None) -> tuple[bytes, str]:
    """The exposition text: this process's metrics, or every worker's in multiprocess mode."""
    if outbox_backlog is not None:
        OUTBOX_BACKLOG.set(outbox_backlog)
    if relay_backlog is not None:
        RELAY_BACKLOG.set(relay_backlog)
    registry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry), CONTENT_TYPE_LATEST


# Job alerts' mailer (issue 20 item 3): labels are mail kinds only, never an address.
MAILER_BACKLOG = Gauge(
    "jobboard_mailer_backlog",
    "Outbox events the alert mailer has not taken in, plus alert mails not yet sent (read "
    "at scrape time; only with SMTP configured)",
    multiprocess_mode="mostrecent",
)
ALERT_MAILS_SENT = Counter(
    "jobboard_alert_mails_sent_total", "Alert mails the SMTP server took", ["kind"]
)
ALERT_MAIL_FAILURES = Counter(
    "jobboard_alert_mail_failures_total",
    "Alert mail attempts the SMTP server refused or missed (retried with backoff)",
    ["kind"],
)


class MailerMetrics:
    def sent(self, kind: str) -> None:
        ALERT_MAILS_SENT.labels(kind=kind).inc()

    def failed(self, kind: str) -> None:
        ALERT_MAIL_FAILURES.labels(kind=kind).inc()
