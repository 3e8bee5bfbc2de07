"""Rebuilding the read models and proving them equal to a fresh rebuild."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

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

    async def rebuild(self) -> int:
        async with self._engine.begin() as connection:
            # Hold the projector off while the table is rebuilt under it.
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": PROJECTOR_LOCK}
            )
            await rebuild(connection)
            count = await connection.scalar(text("SELECT count(*) FROM public_postings"))
        return int(count or 0)

    async def differences(self) -> list[Difference]:
        async with self._engine.connect() as connection:
            rows = (await connection.execute(text(DIFFERENCES))).all()
        return [Difference("public_postings", UUID(str(key)), problem) for key, problem in rows]
