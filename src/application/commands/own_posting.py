"""Loading a posting on behalf of its company, so no employer touches another's."""

from __future__ import annotations

from application.ports import UnitOfWork
from domain.errors import NotFound, StaleVersion
from domain.ids import CompanyId, PostingId
from domain.posting import Posting


async def load_own_posting(
    uow: UnitOfWork,
    company_id: CompanyId,
    posting_id: PostingId,
    expected_version: int | None = None,
) -> Posting:
    """The company's posting. Another company's posting is reported as missing."""
    posting = await uow.postings.get(posting_id)
    if posting.company_id != company_id:
        raise NotFound(f"posting {posting_id} not found")
    if expected_version is not None and posting.version != expected_version:
        raise StaleVersion(
            f"posting {posting_id} is at version {posting.version}, not {expected_version}"
        )
    return posting
