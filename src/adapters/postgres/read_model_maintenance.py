"""Rebuilding the read models and proving them equal to a fresh rebuild."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres import public_companies_projection as companies
from adapters.postgres import public_requirements_projection as catalogue
from adapters.postgres.projector import PROJECTOR_LOCK
from adapters.postgres.public_postings_projection import COLUMNS, VISIBLE_ROWS, rebuild
from application.commands.read_models import Difference

DIFFERENCES = f"""
WITH fresh AS (SELECT {COLUMNS} FROM ({VISIBLE_ROWS}) v),
     live AS (SELECT {COLUMNS} FROM public_postings)
SELECT id, 'missing' FROM fresh WHERE id NOT IN (SELECT id FROM live)
UNION ALL
SELECT id, 'unexpected' FROM live WHERE id NOT IN (SELECT id FROM fresh)
UNION ALL
SELECT f.id, 'stale' FROM fresh f JOIN live l ON l.id = f.id
WHERE ROW(f.*) IS DISTINCT FROM ROW(l.*)
ORDER BY 1
"""


class PostgresReadModelMaintenance:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def rebuild(self) -> dict[str, int]:
        async with self._engine.begin() as connection:
            # Hold the projector off while the table is rebuilt under it.
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": PROJECTOR_LOCK}
            )
            await rebuild(connection)
            await companies.rebuild(connection)
            await catalogue.rebuild(connection)
            counts = (
                await connection.execute(
                    text(
                        "SELECT (SELECT count(*) FROM public_postings),"
                        " (SELECT count(*) FROM public_companies),"
                        " (SELECT count(*) FROM public_requirements)"
                    )
                )
            ).one()
        return {
            "public_postings": counts[0],
            "public_companies": counts[1],
            "public_requirements": counts[2],
        }

    async def differences(self) -> list[Difference]:
        async with self._engine.connect() as connection:
            postings = (await connection.execute(text(DIFFERENCES))).all()
            profiles = (await connection.execute(text(companies.DIFFERENCES))).all()
            entries = (await connection.execute(text(catalogue.DIFFERENCES))).all()
        return [
            Difference(model, UUID(str(key)), problem)
            for model, rows in (
                ("public_postings", postings),
                ("public_companies", profiles),
                ("public_requirements", entries),
            )
            for key, problem in rows
        ]
