"""Applying the schema: `jobboard migrate`, on `serve`, and in tests."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from adapters.postgres.database import async_url

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = async_url(url)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision``. Blocking: call it outside an event loop
    (or through ``asyncio.to_thread``), since Alembic runs its own loop."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


# An arbitrary constant that names "a migration" among advisory locks.
MIGRATION_LOCK = 0x6A6F626D69677261  # "jobmigra"


async def upgrade_exclusively(url: str) -> None:
    """Upgrade to head under an advisory lock, so processes that start together (several
    workers, a projector) migrate one after the other: the first does it, the rest find it done."""
    import asyncio

    import asyncpg

    from adapters.postgres.database import asyncpg_dsn

    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
        await asyncio.to_thread(upgrade, url)
    finally:
        await connection.close()  # the lock goes with the session
