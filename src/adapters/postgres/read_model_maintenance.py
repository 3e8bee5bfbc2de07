"""Rebuilding the read models and proving them equal to a fresh rebuild."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres import public_companies_projection as companies
from adapters.postgres import public_counts as counts
from adapters.postgres import public_requirements_projection as catalogue
from adapters.postgres.audit_log import write_entries
from adapters.postgres.availability import translate_outages
from adapters.postgres.projector import PROJECTOR_LOCK
from adapters.postgres.public_postings_projection import COLUMNS, VISIBLE_ROWS, rebuild
from application.commands.read_models import Difference, RebuildAudit


def differences_sql(table: str, columns: str, fresh: str) -> str:
    """Keys where ``table`` differs from ``fresh`` (its rows computed anew from the write side)."""
    return f"""
    WITH fresh AS ({fresh}), live AS (SELECT {columns} FROM {table})
    SELECT id, 'missing' FROM fresh WHERE id NOT IN (SELECT id FROM live)
    UNION ALL
    SELECT id, 'unexpected' FROM live WHERE id NOT IN (SELECT id FROM fresh)
    UNION ALL
    SELECT f.id, 'stale' FROM fresh f JOIN live l ON l.id = f.id
    WHERE ROW(f.*) IS DISTINCT FROM ROW(l.*)
    ORDER BY 1
    """


# Each read model: its table, its columns and how to compute its rows from the write side.
READ_MODELS = (
    ("public_postings", COLUMNS, f"SELECT {COLUMNS} FROM ({VISIBLE_ROWS}) v"),
    ("public_companies", companies.COLUMNS, companies.VISIBLE_ROWS),
    ("public_requirements", catalogue.COLUMNS, catalogue.VISIBLE_ROWS),
)


@translate_outages
class PostgresReadModelMaintenance:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def rebuild(self, audit: RebuildAudit) -> dict[str, int]:
        async with self._engine.begin() as connection:
            # Hold the projector off while the table is rebuilt under it.
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": PROJECTOR_LOCK}
            )
            await counts.skip_triggers(connection)
            await rebuild(connection)
            await counts.recount(connection)
            await companies.rebuild(connection)
            await catalogue.rebuild(connection)
            written = (
                await connection.execute(
                    text(
                        "SELECT (SELECT count(*) FROM public_postings),"
                        " (SELECT count(*) FROM public_companies),"
                        " (SELECT count(*) FROM public_requirements),"
                        " (SELECT count(*) FROM public_posting_counts)"
                    )
                )
            ).one()
            rows = {
                "public_postings": written[0],
                "public_companies": written[1],
                "public_requirements": written[2],
                "public_posting_counts": written[3],
            }
            await write_entries(connection, [audit(rows)])
        return rows

    async def differences(self) -> list[Difference]:
        async with self._engine.connect() as connection:
            found = [
                Difference(table, str(key), problem)
                for table, columns, fresh in READ_MODELS
                for key, problem in await connection.execute(
                    text(differences_sql(table, columns, fresh))
                )
            ]
            found += [
                Difference("public_posting_counts", key, problem)
                for key, problem in await connection.execute(
                    text(counts.count_differences(VISIBLE_ROWS))
                )
            ]
        return found
