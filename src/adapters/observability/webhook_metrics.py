"""The webhook worker's series at /metrics: the deliveries waiting (read at scrape time)
and each attempt's outcome by event type. Labels come from closed sets (the catalogue's
event types, the outcomes): no URL, no endpoint id, nothing an employer typed."""

from __future__ import annotations

import logging

from prometheus_client import Counter, Gauge

from domain.webhook_delivery import Outcome

log = logging.getLogger("jobboard.webhooks")

WEBHOOK_BACKLOG = Gauge(
    "jobboard_webhook_deliveries_pending",
    "Webhook deliveries neither delivered nor given up (read at scrape time)",
    multiprocess_mode="mostrecent",
)
WEBHOOK_FAN_OUT_BACKLOG = Gauge(
    "jobboard_webhook_fan_out_backlog",
    "Outbox events the webhook worker has not yet turned into deliveries (read at scrape time)",
    multiprocess_mode="mostrecent",
)
WEBHOOK_ATTEMPTS = Counter(
    "jobboard_webhook_delivery_attempts_total",
    "Webhook delivery attempts by event type and outcome (delivered, retry, rejected, gone, "
    "refused, expired)",
    ["event_type", "outcome"],
)
WEBHOOK_ERRORS = Counter(
    "jobboard_webhook_worker_errors_total",
    "Webhook worker rounds that failed (and will be retried)",
)


class WebhookMetrics:
    def attempted(self, event_type: str, outcome: Outcome) -> None:
        WEBHOOK_ATTEMPTS.labels(event_type, outcome.value).inc()

    def failed(self) -> None:
        WEBHOOK_ERRORS.inc()


def set_backlogs(pending: int | None, fan_out: int | None) -> None:
    if pending is not None:
        WEBHOOK_BACKLOG.set(pending)
    if fan_out is not None:
        WEBHOOK_FAN_OUT_BACKLOG.set(fan_out)
