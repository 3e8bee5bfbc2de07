"""What an employer reads about itself. These read the write side: an employer must
see its own drafts and its latest change at once, not eventually."""

from __future__ import annotations

from dataclasses import dataclass

from application.owner_views import catalogue_entries, company_view, own_posting_view, posting_view
from application.ports import UnitOfWorkFactory
from application.views import CompanyView, OwnPostingView
from domain.errors import NotFound
from domain.ids import CompanyId, PostingId
from domain.pay_transparency import PayTransparencyPolicy


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


class GetOwnCompanyHandler:
    """The employer's own company profile and standing."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetOwnCompany) -> CompanyView:
        async with self._uow() as uow:
            return company_view(await uow.companies.get(query.company_id))


class ListOwnPostingsHandler:
    """Every posting of the employer's company, in every status, newest first (the
    employer's dashboard: each with what pay-transparency rules find missing)."""

    def __init__(
        self, uow: UnitOfWorkFactory, pay_policy: PayTransparencyPolicy | None = None
    ) -> None:
        self._uow, self._pay_policy = uow, pay_policy or PayTransparencyPolicy()

    async def __call__(self, query: ListOwnPostings) -> list[OwnPostingView]:
        async with self._uow() as uow:
            postings = await uow.postings.list_for_company(query.company_id)
            catalogue = await catalogue_entries(uow, postings)
        return [posting_view(p, catalogue, self._pay_policy) for p in postings]


class GetOwnPostingHandler:
    """One of the employer's postings; another company's is reported as missing."""

    def __init__(
        self, uow: UnitOfWorkFactory, pay_policy: PayTransparencyPolicy | None = None
    ) -> None:
        self._uow, self._pay_policy = uow, pay_policy or PayTransparencyPolicy()

    async def __call__(self, query: GetOwnPosting) -> OwnPostingView:
        async with self._uow() as uow:
            posting = await uow.postings.get(query.posting_id)
            if posting.company_id != query.company_id:
                raise NotFound(f"posting {query.posting_id} not found")
            return await own_posting_view(uow, posting, self._pay_policy)
