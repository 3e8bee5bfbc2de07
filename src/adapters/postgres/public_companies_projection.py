"""The public company read model: the profiles candidates may see (verified companies)."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.projector import StoredEvent

COLUMNS = "id, slug, name, website, description, country, version"

VISIBLE_ROWS = f"SELECT {COLUMNS} FROM companies c WHERE c.status = 'verified'"


async def refresh(connection: AsyncConnection, company_ids: list[UUID]) -> None:
    params = {"ids": company_ids}
    await connection.execute(
        text(
            "DELETE FROM public_companies pc WHERE pc.id = ANY(:ids) AND NOT EXISTS"
            " (SELECT 1 FROM companies c WHERE c.id = pc.id AND c.status = 'verified')"
        ),
        params,
    )
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS.split(", ") if c != "id")
    await connection.execute(
        text(
            f"INSERT INTO public_companies ({COLUMNS}) {VISIBLE_ROWS} AND c.id = ANY(:ids)"
            f" ON CONFLICT (id) DO UPDATE SET {updates}"
            " WHERE public_companies.version <= EXCLUDED.version"
        ),
        params,
    )


async def rebuild(connection: AsyncConnection) -> None:
    await connection.execute(text("DELETE FROM public_companies"))
    await connection.execute(text(f"INSERT INTO public_companies ({COLUMNS}) {VISIBLE_ROWS}"))


class PublicCompaniesProjection:
    """Keeps ``public_companies`` in step with company events."""

    name = "public_companies"

    async def apply(self, connection: AsyncConnection, events: list[StoredEvent]) -> None:
        ids = list({e.aggregate_id for e in events if e.aggregate_type == "Company"})
        if ids:
            await refresh(connection, ids)
