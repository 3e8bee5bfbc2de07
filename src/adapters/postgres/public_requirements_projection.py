"""The public requirement catalogue: live entries and the terms they answer to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.projector import StoredEvent, sql_uuids

COLUMNS = "id, name, kind, status, terms, version"

VISIBLE_ROWS = """
SELECT r.id, r.name, r.kind, r.status,
       ARRAY(SELECT t.term::text FROM requirement_terms t
             WHERE t.requirement_id = r.id ORDER BY t.term) AS terms,
       r.version
FROM requirements r WHERE r.status <> 'merged'
"""


def refresh(requirement_ids: Iterable[UUID]) -> list[str]:
    """The statements that rewrite these requirements' rows from the write side."""
    ids = sql_uuids(requirement_ids)
    return [
        f"DELETE FROM public_requirements WHERE id = ANY({ids})",
        f"INSERT INTO public_requirements ({COLUMNS}) {VISIBLE_ROWS} AND r.id = ANY({ids})",
    ]


async def rebuild(connection: AsyncConnection) -> None:
    await connection.execute(text("DELETE FROM public_requirements"))
    await connection.execute(text(f"INSERT INTO public_requirements ({COLUMNS}) {VISIBLE_ROWS}"))


class PublicRequirementsProjection:
    """Keeps ``public_requirements`` in step with requirement events.

    A requirement's row is rewritten whole from the write side, so a merge (which
    changes two entries, each with its own event) lands in the same state as a rebuild.
    """

    name = "public_requirements"

    def statements(self, events: Sequence[StoredEvent]) -> list[str]:
        ids = {e.aggregate_id for e in events if e.aggregate_type == "Requirement"}
        return refresh(ids) if ids else []
