"""Engines and URLs: how the board reaches PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

# Opens a connection for one unit of work (not yet checked out: ``await ....start()``).
Connections = Callable[[], AsyncConnection]


def async_url(url: str) -> str:
    """Accept ``postgresql://`` (what most tools print) and use the asyncpg driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    if parsed.drivername != "postgresql+asyncpg":
        raise ValueError(f"DATABASE_URL must be a postgresql:// URL, not {parsed.drivername}://")
    return parsed.render_as_string(hide_password=False)


def asyncpg_dsn(url: str) -> str:
    """The same database as a plain libpq-style DSN, for asyncpg's own connections."""
    return (
        make_url(async_url(url)).set(drivername="postgresql").render_as_string(hide_password=False)
    )


def create_engine(
    url: str,
    pool_size: int = 10,
    *,
    connect_timeout: float = 10.0,
    command_timeout: float | None = None,
    pool_timeout: float = 30.0,
    check_connections: bool = True,
    server_settings: dict[str, str] | None = None,
) -> AsyncEngine:
    """An engine whose every wait is bounded, so a database that is down or frozen turns into
    an error (and a 503) within the timeouts instead of a request that hangs.

    With ``check_connections``, a pooled connection is checked before it is handed out (see
    check_on_checkout); a user that retries a failed attempt anyway (the projector) can
    spare that round trip. ``server_settings`` are set on each connection as it opens.

    ``connect_timeout`` bounds opening a connection, ``command_timeout`` each statement
    (asyncpg's client-side timer: it fires even when the server does not answer at all), and
    ``pool_timeout`` the wait for a free pooled connection."""
    connect_args: dict[str, Any] = {"timeout": connect_timeout}
    if command_timeout is not None:
        connect_args["command_timeout"] = command_timeout
    if server_settings:
        connect_args["server_settings"] = server_settings
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=pool_timeout,
        connect_args=connect_args,
        # A failed statement's error names its parameters: they may be an applicant's
        # personal data, and errors are logged.
        hide_parameters=True,
    )
    if check_connections:
        check_on_checkout(engine)
    return engine


def check_on_checkout(engine: AsyncEngine) -> None:
    """Make sure a pooled connection still answers before handing it out, in one round trip.

    This is what ``pool_pre_ping`` does, but its ping on asyncpg is three round trips
    (BEGIN, an empty statement, ROLLBACK: a transaction for pgbouncer's sake), paid on
    every checkout. A connection that does not answer invalidates the pool, as the
    pre-ping does: after a restart every pooled connection is dead, and the checkout
    goes on with a new one. A connection just opened is not checked again."""

    @event.listens_for(engine.sync_engine, "connect")
    def opened(_dbapi_connection: Any, record: Any) -> None:
        record.info["fresh"] = True

    @event.listens_for(engine.sync_engine, "checkout")
    def check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if dbapi_connection.driver_connection.is_in_transaction():
            # Left inside a transaction it began itself (see the unit of work): not reusable.
            raise exc.DisconnectionError("pooled connection was left inside a transaction")
        if record.info.pop("fresh", False):
            return
        try:
            dbapi_connection.run_async(lambda driver: driver.execute("SELECT 1"))
        except Exception as error:
            raise exc.InvalidatePoolError(f"pooled connection did not answer: {error!r}") from error


def connection_factory(engine: AsyncEngine) -> Connections:
    """Connections whose statements run outside a transaction (no BEGIN before a read, no
    ROLLBACK after it); the unit of work opens one around its writes alone. A unit of work
    runs Core statements on its connection: no ORM session sits between them."""
    return engine.execution_options(isolation_level="AUTOCOMMIT").connect
