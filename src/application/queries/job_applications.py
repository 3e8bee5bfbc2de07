"""What a posting's employer reads of its applications: from the write side (an employer
sees a new application at once), and only its own; another company's is NotFound."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.errors import InvalidParameter
from application.job_application_views import (
    JobApplicationView,
    ResumeDownload,
    job_application_view,
)
from application.ports import UnitOfWork, UnitOfWorkFactory
from application.queries.times import storable
from application.views import Page
from domain.errors import NotFound
from domain.ids import CompanyId, JobApplicationId, PostingId
from domain.job_application import JobApplication

MAX_PAGE = 100


@dataclass(frozen=True, slots=True)
class ListPostingApplications:
    company_id: CompanyId
    posting_id: PostingId
    cursor: str | None = None
    limit: int = 20


@dataclass(frozen=True, slots=True)
class GetJobApplication:
    company_id: CompanyId
    application_id: JobApplicationId


@dataclass(frozen=True, slots=True)
class GetApplicationResume:
    company_id: CompanyId
    application_id: JobApplicationId


def _cursor(application: JobApplication) -> str:
    raw = f"{application.submitted_at.isoformat()}|{application.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _position(cursor: str) -> tuple[datetime, JobApplicationId]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, _, id_ = raw.partition("|")
        at = datetime.fromisoformat(moment)
        if at.utcoffset() is None:
            raise ValueError("no zone")
        if not storable(at):
            raise ValueError("time out of range")
        return at, JobApplicationId(UUID(id_))
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise InvalidParameter("cursor is not one this board gave", field="cursor") from None


async def _own(uow: UnitOfWork, company_id: CompanyId, id_: JobApplicationId) -> JobApplication:
    application = await uow.applications.get(id_)
    if application.company_id != company_id:
        raise NotFound(f"application {id_} not found")
    return application


class ListPostingApplicationsHandler:
    """A posting's applications, newest first, a page at a time (``next_cursor``)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: ListPostingApplications) -> Page[JobApplicationView]:
        if not 1 <= query.limit <= MAX_PAGE:
            raise InvalidParameter(f"limit must be 1-{MAX_PAGE}", field="limit")
        before = _position(query.cursor) if query.cursor else None
        async with self._uow() as uow:
            posting = await uow.postings.get(query.posting_id)
            if posting.company_id != query.company_id:
                raise NotFound(f"posting {query.posting_id} not found")
            found = await uow.applications.list_for_posting(
                query.posting_id, before, query.limit + 1
            )
        page = found[: query.limit]
        next_cursor = _cursor(page[-1]) if len(found) > query.limit else None
        return Page(tuple(job_application_view(a) for a in page), next_cursor)


class GetJobApplicationHandler:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetJobApplication) -> JobApplicationView:
        async with self._uow() as uow:
            return job_application_view(await _own(uow, query.company_id, query.application_id))


class GetApplicationResumeHandler:
    """The résumé file as it was uploaded, with the content type its bytes showed."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: GetApplicationResume) -> ResumeDownload:
        async with self._uow() as uow:
            application = await _own(uow, query.company_id, query.application_id)
            resume = application.submission.resume
            data = await uow.applications.resume(application.id) if resume else None
        if resume is None or data is None:
            raise NotFound(f"application {query.application_id} has no resume file")
        return ResumeDownload(resume.content_type, data)
