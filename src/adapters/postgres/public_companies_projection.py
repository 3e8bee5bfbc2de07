"""The public company read model: the profiles candidates may see (verified companies)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.projector import StoredEvent, sql_uuids

COLUMNS = "id, slug, name, website, description, country, version"

VISIBLE_ROWS = f"SELECT {COLUMNS} FROM companies c WHERE c.status = 'verified'"


UPDATES = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS.split(", ") if c != "id")


def refresh(company_ids: Iterable[UUID]) -> list[str]:
    """The statements that make the rows of these companies match the write side."""
    ids = sql_uuids(company_ids)
    return [
        f"DELETE FROM public_companies pc WHERE pc.id = ANY({ids}) AND NOT EXISTS"
        " (SELECT 1 FROM companies c WHERE c.id = pc.id AND c.status = 'verified')",
        f"INSERT INTO public_companies ({COLUMNS}) {VISIBLE_ROWS} AND c.id = ANY({ids})"
        f" ON CONFLICT (id) DO UPDATE SET {UPDATES}"
        " WHERE public_companies.version <= EXCLUDED.version",
    ]


async def rebuild(connection: AsyncConnection) -> None:
    await connection.execute(text("DELETE FROM public_companies"))
    await connection.execute(text(f"INSERT INTO public_companies ({COLUMNS}) {VISIBLE_ROWS}"))


class PublicCompaniesProjection:
    """Keeps ``public_companies`` in step with company events."""

    name = "public_companies"

    def statements(self, events: Sequence[StoredEvent]) -> list[str]:
        ids = {e.aggregate_id for e in events if e.aggregate_type == "Company"}
        return refresh(ids) if ids else []
