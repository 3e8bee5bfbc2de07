"""The engine checks a pooled connection as it hands it out: one the server has dropped
is replaced, not handed to a request that would then fail."""

from __future__ import annotations

import asyncpg
from sqlalchemy import text

from adapters.postgres.database import asyncpg_dsn, create_engine


async def test_a_connection_the_server_dropped_is_replaced_at_checkout(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            first = await connection.scalar(text("SELECT pg_backend_pid()"))
        killer = await asyncpg.connect(asyncpg_dsn(database_url))
        try:
            assert await killer.fetchval("SELECT pg_terminate_backend($1)", first)
        finally:
            await killer.close()

        async with engine.connect() as connection:  # the pooled one is dead: a new one
            second = await connection.scalar(text("SELECT pg_backend_pid()"))

        assert second != first
        async with engine.connect() as connection:  # and the new one is kept in the pool
            assert await connection.scalar(text("SELECT pg_backend_pid()")) == second
    finally:
        await engine.dispose()


async def test_a_live_pooled_connection_is_handed_out_again(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        pids = set()
        for _ in range(3):
            async with engine.connect() as connection:
                pids.add(await connection.scalar(text("SELECT pg_backend_pid()")))
        assert len(pids) == 1
    finally:
        await engine.dispose()


async def test_a_connection_returned_inside_a_transaction_is_not_handed_out_again(
    database_url: str,
) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.connect() as connection:
            outside = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await outside.exec_driver_sql("BEGIN")  # and never ended, as by a crash mid-way
            left = await outside.scalar(text("SELECT pg_backend_pid()"))

        async with engine.connect() as connection:
            pid = await connection.scalar(text("SELECT pg_backend_pid()"))
        assert pid != left  # a new connection, not the one inside the transaction
    finally:
        await engine.dispose()
