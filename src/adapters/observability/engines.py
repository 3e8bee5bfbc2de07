"""The board's engines, watched: pool usage in the metrics, statements in the traces.

The read side may have an engine of its own, on a read replica
(``JOBBOARD_READ_DATABASE_URL``); without one it shares the primary's.
"""

from __future__ import annotations

from opentelemetry.trace import Tracer
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.observability.metrics import watch_pool
from adapters.observability.tracing import trace_statements
from adapters.postgres.database import create_engine
from adapters.settings import Settings


def observed_engine(
    url: str,
    settings: Settings,
    tracer: Tracer | None,
    pool: str = "primary",
    pool_size: int | None = None,
    check_connections: bool = True,
    server_settings: dict[str, str] | None = None,
) -> AsyncEngine:
    """An engine on ``url`` with the configured bounds (``pool_size`` connections, and as
    many overflow; the configured size when None), its pool watched and its statements
    traced when those are on."""
    size = settings.db_pool_size if pool_size is None else pool_size
    engine = create_engine(
        url,
        pool_size=size,
        connect_timeout=settings.db_connect_timeout,
        command_timeout=settings.db_command_timeout,
        pool_timeout=settings.db_pool_timeout,
        check_connections=check_connections,
        server_settings=server_settings,
    )
    if settings.metrics_enabled:
        watch_pool(engine, pool, capacity=2 * size)  # size + as many overflow
    if tracer is not None:
        trace_statements(engine, tracer, pool)
    return engine


def read_side_url(settings: Settings, primary_url: str) -> str:
    """The query side's database: the replica when one is configured, else the primary."""
    if settings.read_database_url is None:
        return primary_url
    return settings.read_database_url.get_secret_value()


def public_read_settings(settings: Settings) -> dict[str, str]:
    """Server settings of the query side's connections: every statement bounded."""
    return {"statement_timeout": str(int(settings.public_statement_timeout_seconds * 1000))}


def read_side_engine(settings: Settings, primary_url: str, tracer: Tracer | None) -> AsyncEngine:
    """The query side's own engine: on the replica when a read URL is configured, else on
    the primary, so that public reads queue for their own connections, never for the
    writes', and a statement of theirs runs at most ``public_statement_timeout_seconds``."""
    replica = settings.read_database_url is not None
    return observed_engine(
        read_side_url(settings, primary_url),
        settings,
        tracer,
        "replica" if replica else "public",
        server_settings=public_read_settings(settings),
    )
