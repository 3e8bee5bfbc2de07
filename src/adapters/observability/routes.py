"""``GET /metrics``: the Prometheus exposition, with the outbox backlog read as it is scraped."""

from __future__ import annotations

import asyncio
import logging

from litestar import Response, get
from litestar.datastructures import State
from sqlalchemy import text

from adapters.observability.metrics import render

log = logging.getLogger(__name__)

BACKLOG = text("SELECT count(*) FROM outbox WHERE projected_at IS NULL")


async def _outbox_backlog(state: State) -> int | None:
    try:
        async with asyncio.timeout(1.0), state.container.engine().connect() as connection:
            count: int = (await connection.execute(BACKLOG)).scalar_one()
            return count
    except Exception:  # a scrape must answer even when the database does not
        log.warning("cannot read the outbox backlog", exc_info=True)
        return None


@get("/metrics", tags=["operations"], summary="Prometheus metrics", include_in_schema=False)
async def metrics(state: State) -> Response[bytes]:
    body, content_type = render(await _outbox_backlog(state))
    return Response(body, media_type=content_type)
