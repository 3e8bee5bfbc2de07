"""JOBBOARD_READ_DATABASE_URL: the query side's readers use it (a replica), commands the primary.

The "replica" here is the test database reached as a read-only role, so a command sent
through it would fail, and the server shows which role ran which statement.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.postgres.database import asyncpg_dsn
from application.commands.api_keys import IssueAdminKey
from builders import AN_ADMIN
from operability_support import over_http
from operability_support import settings as make_settings


@pytest.fixture
async def reader_role(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[str]:
    """A read-only role on the test database; answers its name."""
    role = f"jobboard_reader_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await admin.execute(f"CREATE ROLE {role} LOGIN")
        await admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
        await admin.execute(f"ALTER ROLE {role} SET default_transaction_read_only = on")
        yield role
    finally:
        await admin.execute(f"DROP OWNED BY {role}")
        await admin.execute(f"DROP ROLE {role}")
        await admin.close()


async def _connections_of(database_url: str, role: str) -> int:
    probe = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        count: int = await probe.fetchval(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE usename = $1 AND datname = current_database()",
            role,
        )
        return count
    finally:
        await probe.close()


def _replica_container(database_url: str, role: str) -> Container:
    replica_url = make_url(database_url).set(username=role, password=None)
    settings = make_settings(
        database_url=database_url,
        read_database_url=replica_url.render_as_string(hide_password=False),
        run_projector=False,
    )
    return Container(settings=settings, database_url=database_url)


async def test_queries_read_the_replica_while_commands_write_the_primary(
    database_url: str, reader_role: str
) -> None:
    container = _replica_container(database_url, reader_role)
    try:
        assert container.read_engine() is not container.engine()
        key = (
            await container.application().commands.issue_admin_key(
                IssueAdminKey("test admin", actor=AN_ADMIN)
            )
        ).api_key
        async with over_http(create_app(container)) as client:
            # Commands succeed: they could not through the read-only role.
            signed_up = await client.post(
                "/v1/companies", json={"name": "Replica Readers", "country": "GB"}
            )
            assert signed_up.status_code == 201, signed_up.text
            company = signed_up.json()["company"]
            verified = await client.post(
                f"/v1/admin/companies/{company['id']}/verify",
                headers={"Authorization": f"Bearer {key}"},
            )
            assert verified.status_code == 200, verified.text
            await container.projector().drain()

            public = await client.get(f"/v1/companies/{company['slug']}")
            listing = await client.get("/v1/postings")
            replica_connections = await _connections_of(database_url, reader_role)
    finally:
        await release(container)

    assert public.status_code == 200, public.text
    assert public.json()["name"] == "Replica Readers"
    assert listing.status_code == 200
    assert replica_connections >= 1


async def test_a_replica_that_cannot_read_a_read_model_fails_queries_not_commands(
    database_url: str, reader_role: str
) -> None:
    admin = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        await admin.execute(f"REVOKE SELECT ON public_postings FROM {reader_role}")
    finally:
        await admin.close()
    container = _replica_container(database_url, reader_role)
    try:
        async with over_http(create_app(container)) as client:
            listing = await client.get("/v1/postings")
            signed_up = await client.post(
                "/v1/companies", json={"name": "Primary Writers", "country": "GB"}
            )
    finally:
        await release(container)

    assert listing.status_code == 500  # the replica's role refused: the read went there
    assert signed_up.status_code == 201


async def test_without_a_read_url_the_read_side_has_its_own_bounded_engine_on_the_primary(
    database_url: str,
) -> None:
    container = Container(
        settings=make_settings(
            database_url=database_url, run_projector=False, public_statement_timeout_seconds=1.5
        ),
        database_url=database_url,
    )
    try:
        assert container.read_engine() is not container.engine()
        assert container.read_engine().url == container.engine().url
        async with container.read_engine().connect() as connection:
            timeout = await connection.scalar(text("SHOW statement_timeout"))
        async with container.engine().connect() as connection:
            writes = await connection.scalar(text("SHOW statement_timeout"))
        assert timeout == "1500ms"
        assert writes == "0"  # writes are not bounded by the public reads' limit
    finally:
        await release(container)
