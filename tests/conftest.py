"""Shared fixtures. The database ones are lazy: domain and application tests never start one.

Which PostgreSQL the tests use: TEST_DATABASE_URL, else DATABASE_URL, else a
server on 127.0.0.1:5432 if one answers, else an embedded one. Every test run
creates a database of its own there (and drops it after), so parallel runs on
a shared server never collide.
"""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.database import async_url, create_engine
from adapters.postgres.embedded import EmbeddedPostgres
from adapters.postgres.migrate import upgrade
from adapters.postgres.tables import metadata
from redis_support import scratch_redis  # noqa: F401  (a fixture for every test directory)
from scratch_databases import SKIP_APPEND_ONLY_GUARD, scratch_database

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"

# Moderation: the general tests' companies publish at once (no new-company review; the
# moderation tests configure their own policy), and reporters' addresses are hashed with a
# test key. Set for this process and every server or CLI it starts.
os.environ.setdefault("JOBBOARD_MODERATION_NEW_COMPANY_DAYS", "0")
os.environ.setdefault("JOBBOARD_REPORTER_HASH_KEY", "test-reporter-hash-key")
# Signed webhooks: a Fernet key for the tests' sealed secrets (never a real deployment's).
TEST_WEBHOOK_SECRET_KEY = "dGVzdC1vbmx5LXdlYmhvb2stc2VjcmV0LWtleS0zMmI="
os.environ.setdefault("JOBBOARD_WEBHOOK_SECRET_KEY", TEST_WEBHOOK_SECRET_KEY)
# The tests' receivers listen on 127.0.0.1: exempt from the SSRF guard, plain http allowed.
os.environ.setdefault("JOBBOARD_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1")


def _local_server_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A PostgreSQL server to make test databases on (its maintenance database's URL)."""
    configured = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if configured:
        yield async_url(configured)
    elif _local_server_answers():
        yield async_url(LOCAL_SERVER)
    else:
        embedded = EmbeddedPostgres(Path(tempfile.gettempdir()) / "jobboard-test-pgdata")
        try:
            yield embedded.start()
        finally:
            embedded.stop()


@pytest.fixture(scope="session")
async def database_url(server_url: str) -> AsyncIterator[str]:
    """A fresh, migrated database for this test run, dropped at the end."""
    async with scratch_database(server_url, "test") as url:
        await asyncio.to_thread(upgrade, url)
        yield url


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=5)
    try:
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
async def clean_database(engine: AsyncEngine) -> AsyncEngine:
    """The test database with every table emptied, for a test that needs a blank board."""
    names = ", ".join(t.name for t in metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(SKIP_APPEND_ONLY_GUARD))
        await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    return engine


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the figures the reliability and security tests measured (see tests/figures.py)."""
    from figures import report_lines

    for line in report_lines():
        terminalreporter.write_line(line)
