"""Finding a company or a catalogue entry by what people call it rather than by its id.

For admin tooling such as the seed loader, which knows a company by its name
and an entry by its name or alias. Both read the write side, so they are current.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.owner_views import company_view
from application.ports import UnitOfWorkFactory
from application.queries.catalogue_views import CatalogueEntryView
from application.views import CompanyView
from domain.requirement import normalise_term


@dataclass(frozen=True, slots=True)
class FindCompanyBySlug:
    slug: str


@dataclass(frozen=True, slots=True)
class FindCatalogueEntry:
    term: str  # a name or alias, in any case and spacing


class FindCompanyBySlugHandler:
    """The company with this slug, or None."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: FindCompanyBySlug) -> CompanyView | None:
        async with self._uow() as uow:
            company = await uow.companies.find_by_slug(query.slug)
        return company_view(company) if company is not None else None


class FindCatalogueEntryHandler:
    """The live catalogue entry answering to a name or alias, or None."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: FindCatalogueEntry) -> CatalogueEntryView | None:
        term = normalise_term(query.term, field="term")
        async with self._uow() as uow:
            r = await uow.requirements.find_by_term(term)
        if r is None:
            return None
        return CatalogueEntryView(
            id=r.id,
            name=r.name,
            kind=r.kind.value,
            status=r.status.value,
            aliases=tuple(sorted(r.aliases)),
            merged_into=r.merged_into,
            version=r.version,
        )
