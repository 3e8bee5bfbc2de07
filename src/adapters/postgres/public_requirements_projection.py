"""The public requirement catalogue: live entries and the terms they answer to."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.projector import StoredEvent

COLUMNS = "id, name, kind, status, terms, version"

VISIBLE_ROWS = """
SELECT r.id, r.name, r.kind, r.status,
       ARRAY(SELECT t.term::text FROM requirement_terms t
             WHERE t.requirement_id = r.id ORDER BY t.term) AS terms,
       r.version
FROM requirements r WHERE r.status <> 'merged'
"""


async def refresh(connection: AsyncConnection, requirement_ids: list[UUID]) -> None:
    params = {"ids": requirement_ids}
    await connection.execute(text("DELETE FROM public_requirements WHERE id = ANY(:ids)"), params)
    await connection.execute(
        text(f"INSERT INTO public_requirements ({COLUMNS}) {VISIBLE_ROWS} AND r.id = ANY(:ids)"),
        params,
    )


async def rebuild(connection: AsyncConnection) -> None:
    await connection.execute(text("DELETE FROM public_requirements"))
    await connection.execute(text(f"INSERT INTO public_requirements ({COLUMNS}) {VISIBLE_ROWS}"))


class PublicRequirementsProjection:
    """Keeps ``public_requirements`` in step with requirement events.

    A requirement's row is rewritten whole from the write side, so a merge (which
    changes two entries, each with its own event) lands in the same state as a rebuild.
    """

    name = "public_requirements"

    async def apply(self, connection: AsyncConnection, events: list[StoredEvent]) -> None:
        ids = list({e.aggregate_id for e in events if e.aggregate_type == "Requirement"})
        if ids:
            await refresh(connection, ids)
