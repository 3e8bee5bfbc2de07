"""Bench databases: create, fill in bulk, build the read models, verify, drop.

The write side (companies, the catalogue, postings and their requirements) is
loaded with COPY; the read models are then built by the projection's own SQL
(public_postings_projection.VISIBLE_ROWS and COLUMNS, the companies' and the
catalogue's rebuild), so they hold exactly what the projector would write. For
speed the posting rows are projected in id ranges on two connections with the
read model's secondary indexes dropped, and the indexes are then created again
from their own definitions. ``verify`` proves the result equal to a fresh
rebuild with the read-model check the admin endpoint runs.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.postgres import public_companies_projection as companies_projection
from adapters.postgres import public_requirements_projection as catalogue_projection
from adapters.postgres.database import async_url, asyncpg_dsn
from adapters.postgres.migrate import upgrade
from adapters.postgres.public_postings_projection import COLUMNS, VISIBLE_ROWS
from adapters.postgres.read_model_maintenance import PostgresReadModelMaintenance
from bench.data import (
    COMPANY_COLUMNS,
    POSTING_COLUMNS,
    POSTING_REQUIREMENT_COLUMNS,
    REQUIREMENT_COLUMNS,
    TERM_COLUMNS,
    Generator,
)

LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
CHUNK = 25_000  # postings projected per statement


@contextmanager
def server() -> Iterator[str]:
    """The PostgreSQL server to make bench databases on: DATABASE_URL, else one on
    127.0.0.1:5432, else an embedded one started here (as the tests choose)."""
    configured = os.environ.get("DATABASE_URL")
    if configured:
        yield async_url(configured)
        return
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            pass
        yield async_url(LOCAL_SERVER)
        return
    except OSError:
        pass
    from adapters.postgres.embedded import EmbeddedPostgres

    embedded = EmbeddedPostgres(Path(tempfile.gettempdir()) / "jobboard-bench-pgdata")
    try:
        yield embedded.start()
    finally:
        embedded.stop()


async def create_database(server_url: str, label: str) -> str:
    """A new, migrated database on the server; its URL."""
    name = f"jobboard_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(asyncpg_dsn(server_url))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        await asyncio.to_thread(upgrade, url)
    except BaseException:
        await drop_database(url)
        raise
    return url


async def drop_database(url: str) -> None:
    """Drop the database ``url`` names (from the server's maintenance database)."""
    parsed = make_url(url)
    admin = await asyncpg.connect(
        asyncpg_dsn(parsed.set(database="postgres").render_as_string(False))
    )
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
    finally:
        await admin.close()


@dataclass
class FillReport:
    postings: int
    public_postings: int = 0
    write_side_s: float = 0.0
    read_models_s: float = 0.0
    indexes_s: float = 0.0
    verify_s: float | None = None
    settle_s: float | None = None
    differences: int | None = None
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def total_s(self) -> float:
        return self.write_side_s + self.read_models_s + self.indexes_s

    @property
    def postings_per_s(self) -> float:
        return self.postings / self.total_s if self.total_s else 0.0


async def fill(url: str, postings: int, seed: int, now: datetime | None = None) -> FillReport:
    """Fill the (migrated, empty) database at ``url`` with ``postings`` postings."""
    dsn = asyncpg_dsn(url)
    report = FillReport(postings)
    generator = Generator(postings, seed, now)
    started = time.perf_counter()
    connection = await asyncpg.connect(dsn)
    boundaries: list[uuid.UUID] = []
    try:
        catalogue = generator.catalogue
        await connection.copy_records_to_table(
            "requirements", records=catalogue.requirement_rows, columns=REQUIREMENT_COLUMNS
        )
        await connection.copy_records_to_table(
            "requirement_terms", records=catalogue.term_rows, columns=TERM_COLUMNS
        )
        await connection.copy_records_to_table(
            "companies", records=generator.companies, columns=COMPANY_COLUMNS
        )
        since_boundary = CHUNK
        for rows, requirement_rows in generator.postings(batch=5_000):
            if since_boundary >= CHUNK:
                boundaries.append(min(r[0] for r in rows))
                since_boundary = 0
            since_boundary += len(rows)
            await connection.copy_records_to_table(
                "postings", records=rows, columns=POSTING_COLUMNS
            )
            await connection.copy_records_to_table(
                "posting_requirements",
                records=requirement_rows,
                columns=POSTING_REQUIREMENT_COLUMNS,
            )
        # Fresh statistics, or the planner may project a million postings row by row.
        await connection.execute(
            "ANALYZE companies, requirements, requirement_terms, postings, posting_requirements"
        )
        report.write_side_s = time.perf_counter() - started

        started = time.perf_counter()
        indexes = await connection.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'public_postings'"
            " AND indexname <> 'pk_public_postings'"
        )
        for index in indexes:
            await connection.execute(f'DROP INDEX "{index["indexname"]}"')
        await _project_postings(dsn, boundaries)
        async with connection.transaction():
            for projection_columns, rows_sql, table in (
                (
                    companies_projection.COLUMNS,
                    companies_projection.VISIBLE_ROWS,
                    "public_companies",
                ),
                (
                    catalogue_projection.COLUMNS,
                    catalogue_projection.VISIBLE_ROWS,
                    "public_requirements",
                ),
            ):
                await connection.execute(f"DELETE FROM {table}")
                await connection.execute(f"INSERT INTO {table} ({projection_columns}) {rows_sql}")
        report.read_models_s = time.perf_counter() - started

        started = time.perf_counter()
        await _in_parallel(dsn, [index["indexdef"] for index in indexes])
        await connection.execute("ANALYZE")
        report.indexes_s = time.perf_counter() - started
        report.public_postings = await connection.fetchval("SELECT count(*) FROM public_postings")
    finally:
        await connection.close()
    return report


async def _project_postings(dsn: str, boundaries: list[uuid.UUID]) -> None:
    """The public posting rows, projected by VISIBLE_ROWS one id range at a time."""
    statements: list[tuple[str, tuple[object, ...]]] = []
    insert = f"INSERT INTO public_postings ({COLUMNS}) SELECT {COLUMNS} FROM ({VISIBLE_ROWS}"
    ranges = [None, *boundaries[1:], None]
    for low, high in itertools.pairwise(ranges):
        if low is None and high is None:
            statements.append((f"{insert}) v", ()))
        elif low is None:
            statements.append((f"{insert} AND p.id < $1) v", (high,)))
        elif high is None:
            statements.append((f"{insert} AND p.id >= $1) v", (low,)))
        else:
            statements.append((f"{insert} AND p.id >= $1 AND p.id < $2) v", (low, high)))
    await _in_parallel(dsn, statements)


async def _in_parallel(
    dsn: str, statements: list[str] | list[tuple[str, tuple[object, ...]]]
) -> None:
    """Run the statements on two connections (the machine has two cores)."""
    queue: asyncio.Queue[str | tuple[str, tuple[object, ...]]] = asyncio.Queue()
    for statement in statements:
        queue.put_nowait(statement)

    async def worker() -> None:
        connection = await asyncpg.connect(
            dsn, server_settings={"maintenance_work_mem": "256MB", "work_mem": "64MB"}
        )
        try:
            while not queue.empty():
                statement = queue.get_nowait()
                if isinstance(statement, str):
                    await connection.execute(statement)
                else:
                    await connection.execute(statement[0], *statement[1])
        finally:
            await connection.close()

    await asyncio.gather(worker(), worker())


async def verify(url: str) -> int:
    """How many read-model rows differ from a fresh rebuild (the admin verify check)."""
    engine = create_async_engine(
        async_url(url), connect_args={"server_settings": {"work_mem": "256MB"}}
    )
    try:
        differences = await PostgresReadModelMaintenance(engine).differences()
    finally:
        await engine.dispose()
    return len(differences)


async def vacuum_and_checkpoint(url: str) -> None:
    """Leave the filled database as a board that has been running would be: vacuumed (its
    pages' hint bits and visibility map set) and checkpointed. The server here runs without
    autovacuum, so without this the first reads of every bulk-loaded page dirty it, and the
    next checkpoint writes gigabytes at a million postings in the middle of the loads (seen:
    a 151 s checkpoint of 2 GB across P4, lag p99 160 ms against 29-34 ms on a settled board)."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute("VACUUM (ANALYZE)")
        await connection.execute("CHECKPOINT")
    finally:
        await connection.close()
