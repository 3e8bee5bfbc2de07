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
