"""An admin's look at one catalogue entry (from the write side, so it is current)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.ports import UnitOfWorkFactory
from domain.ids import RequirementId


@dataclass(frozen=True, slots=True)
class CatalogueEntryView:
    id: UUID
    name: str
    kind: str
    status: str
    aliases: tuple[str, ...]
    merged_into: UUID | None
    version: int


@dataclass(frozen=True, slots=True)
class GetCatalogueEntry:
    requirement_id: RequirementId


class GetCatalogueEntryHandler:
    """One requirement of the catalogue with its aliases and status."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetCatalogueEntry) -> CatalogueEntryView:
        async with self._uow() as uow:
            r = await uow.requirements.get(query.requirement_id)
        return CatalogueEntryView(
            id=r.id,
            name=r.name,
            kind=r.kind.value,
            status=r.status.value,
            aliases=tuple(sorted(r.aliases)),
            merged_into=r.merged_into,
            version=r.version,
        )
