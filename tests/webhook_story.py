"""A board with the webhook worker tuned for tests: the receiver's host allowed, retries
in tens of milliseconds, a short poll."""

from __future__ import annotations

from typing import Any

from adapters.container import Container
from adapters.settings import Settings

FAST_WEBHOOKS: dict[str, Any] = {
    "webhook_allowed_hosts": ["127.0.0.1"],
    "webhook_retry_base_seconds": 0.05,
    "webhook_retry_cap_seconds": 0.2,
    "webhook_poll_seconds": 0.05,
    "webhook_timeout_seconds": 2.0,
    "webhook_lease_seconds": 3.0,
    "run_projector": False,
}


def webhook_board(database_url: str, **overrides: Any) -> Container:
    settings = Settings(database_url=database_url, **{**FAST_WEBHOOKS, **overrides})
    return Container(settings=settings, database_url=database_url)
