"""``GET /metrics``: the Prometheus exposition, with the outbox backlog read as it is scraped."""

from __future__ import annotations

import asyncio
import logging

from litestar import Response, get
from litestar.datastructures import State
from sqlalchemy import TextClause, text

from adapters.observability.metrics import MAILER_BACKLOG, render
from adapters.observability.webhook_metrics import set_backlogs
from adapters.postgres.alert_mailer import BACKLOG as MAILER_BACKLOG_SQL

log = logging.getLogger(__name__)

BACKLOG = text("SELECT count(*) FROM outbox WHERE projected_at IS NULL")
# Counted only when a relay is configured: without one, every event waits for none.
RELAY_BACKLOG = text("SELECT count(*) FROM outbox WHERE relayed_at IS NULL")
# Signed webhooks: deliveries waiting, and events not yet turned into deliveries.
WEBHOOK_PENDING = text("SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'")
WEBHOOK_FAN_OUT = text("SELECT count(*) FROM outbox WHERE webhooked_at IS NULL")


async def _count(state: State, statement: TextClause, what: str) -> int | None:
    try:
        async with asyncio.timeout(1.0), state.container.engine().connect() as connection:
            count: int = (await connection.execute(statement)).scalar_one()
            return count
    except Exception:  # a scrape must answer even when the database does not
        log.warning("cannot read the %s", what, exc_info=True)
        return None


@get("/metrics", tags=["operations"], summary="Prometheus metrics", include_in_schema=False)
async def metrics(state: State) -> Response[bytes]:
    relaying = state.container.settings().nats_url is not None
    # The alert mailer's backlog, when it runs (JOBBOARD_SMTP_HOST set).
    if state.container.settings().smtp_host is not None:
        mailer_backlog = await _count(state, text(MAILER_BACKLOG_SQL), "mailer backlog")
        if mailer_backlog is not None:
            MAILER_BACKLOG.set(mailer_backlog)
    set_backlogs(
        await _count(state, WEBHOOK_PENDING, "webhook deliveries backlog"),
        await _count(state, WEBHOOK_FAN_OUT, "webhook fan-out backlog"),
    )
    body, content_type = render(
        await _count(state, BACKLOG, "outbox backlog"),
        await _count(state, RELAY_BACKLOG, "relay backlog") if relaying else None,
    )
    return Response(body, media_type=content_type)
