"""Databases a test makes for itself on the test server, and drops whatever happens."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from sqlalchemy.engine import make_url

from adapters.postgres.database import asyncpg_dsn

# For wiping a test database only: the audit log refuses DELETE and TRUNCATE through a
# trigger, which a superuser's session skips in replica mode (the tests' role is one).
# SET LOCAL: it ends with the wiping transaction.
SKIP_APPEND_ONLY_GUARD = "SET LOCAL session_replication_role = replica"


async def _admin(server_url: str, statement: str) -> None:
    admin = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


@asynccontextmanager
async def scratch_database(server_url: str, label: str) -> AsyncIterator[str]:
    """A new, empty database named after ``label``: its URL, dropped on the way out."""
    name = f"jobboard_{label}_{uuid.uuid4().hex[:12]}"
    await _admin(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        await _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
