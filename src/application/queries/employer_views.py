"""What an employer reads about itself. These read the write side: an employer must
see its own drafts and its latest change at once, not eventually."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports import UnitOfWork, UnitOfWorkFactory
from application.queries.views import (
    CompanyView,
    LocationView,
    OwnPostingView,
    RequirementView,
    SalaryView,
)
from domain.company import Company
from domain.errors import NotFound
from domain.ids import CompanyId, PostingId, RequirementId
from domain.posting import Posting
from domain.requirement import Requirement


@dataclass(frozen=True, slots=True)
class GetOwnCompany:
    company_id: CompanyId


@dataclass(frozen=True, slots=True)
class ListOwnPostings:
    company_id: CompanyId


@dataclass(frozen=True, slots=True)
class GetOwnPosting:
    company_id: CompanyId
    posting_id: PostingId


def company_view(company: Company) -> CompanyView:
    profile = company.profile
    return CompanyView(
        id=company.id,
        name=profile.name,
        slug=company.slug,
        website=profile.website,
        description=profile.description,
        country=profile.country,
        status=company.status.value,
        created_at=company.created_at,
        updated_at=company.updated_at,
        version=company.version,
    )


async def _catalogue_entries(
    uow: UnitOfWork, postings: list[Posting]
) -> dict[RequirementId, Requirement]:
    """The catalogue entries the postings ask for, with merged ones replaced by their target."""
    wanted = {r.requirement_id for p in postings for r in p.details.requirements}
    entries = await uow.requirements.get_many(wanted)
    targets = {e.merged_into for e in entries.values() if e.merged_into is not None}
    merged_targets = await uow.requirements.get_many(targets)
    return {
        rid: merged_targets.get(entry.merged_into, entry) if entry.merged_into else entry
        for rid, entry in entries.items()
    }


def posting_view(posting: Posting, catalogue: dict[RequirementId, Requirement]) -> OwnPostingView:
    d = posting.details
    return OwnPostingView(
        id=posting.id,
        company_id=posting.company_id,
        status=posting.status.value,
        version=posting.version,
        title=d.title,
        description=d.description,
        language=d.language,
        locations=tuple(LocationView(loc.country, loc.city) for loc in d.locations),
        remote_countries=d.remote_countries,
        workplace=d.workplace.value,
        employment_type=d.employment_type.value,
        seniority=d.seniority.value if d.seniority else None,
        salary=SalaryView(d.salary.min, d.salary.max, d.salary.currency, d.salary.period.value)
        if d.salary
        else None,
        responsibilities=d.responsibilities,
        benefits=d.benefits,
        requirements=tuple(
            RequirementView(
                name=catalogue[r.requirement_id].name,
                kind=catalogue[r.requirement_id].kind.value,
                importance=r.importance.value,
                min_years=r.min_years,
                detail=r.detail,
            )
            for r in d.requirements
        ),
        published_at=posting.published_at,
        valid_through=posting.valid_through,
        ended_at=posting.ended_at,
        created_at=posting.created_at,
        updated_at=posting.updated_at,
    )


class GetOwnCompanyHandler:
    """The employer's own company profile and standing."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetOwnCompany) -> CompanyView:
        async with self._uow() as uow:
            return company_view(await uow.companies.get(query.company_id))


class ListOwnPostingsHandler:
    """Every posting of the employer's company, in every status, newest first."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: ListOwnPostings) -> list[OwnPostingView]:
        async with self._uow() as uow:
            postings = await uow.postings.list_for_company(query.company_id)
            catalogue = await _catalogue_entries(uow, postings)
        return [posting_view(p, catalogue) for p in postings]


class GetOwnPostingHandler:
    """One of the employer's postings; another company's is reported as missing."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetOwnPosting) -> OwnPostingView:
        async with self._uow() as uow:
            posting = await uow.postings.get(query.posting_id)
            if posting.company_id != query.company_id:
                raise NotFound(f"posting {query.posting_id} not found")
            catalogue = await _catalogue_entries(uow, [posting])
        return posting_view(posting, catalogue)
