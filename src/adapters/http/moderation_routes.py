"""Moderation over HTTP: candidates report public postings; admins read the queue of
postings in review, approve or reject them, and read and dismiss a posting's reports.
Every admin route has a `jobboard admin ...` twin, and every admin act is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get, post
from litestar.di import Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter
from litestar.status_codes import HTTP_201_CREATED
from pydantic import Field

from adapters.http.dependencies import Admin, Jobboard, provide_admin, provide_principal
from adapters.http.openapi_operations import BEARER_SECURITY, BoardOperation, WriteOperation
from adapters.http.problem_docs import ADMIN_READ, ADMIN_WRITE, problem_responses
from adapters.http.schemas import Body
from application.commands.moderation import (
    ApprovePosting,
    DismissReport,
    RejectPosting,
    ReportPosting,
)
from application.owner_views import moderation_view
from application.queries.moderation import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    ListModerationQueue,
    ListPostingReports,
    QueueItem,
    ReportView,
)
from application.views import ModerationView
from domain.ids import PostingId, PostingReportId
from domain.moderation import RejectionReason
from domain.posting import MAX_NOTE_LENGTH, Posting
from domain.posting_report import MAX_REPORT_NOTE, PostingReport, ReportReason

_REPORT_REASONS: list[Any] = [r.value for r in ReportReason]
_REJECTION_REASONS: list[Any] = [r.value for r in RejectionReason]


class ReportBody(Body):
    reason: Annotated[
        str,
        Field(max_length=32, json_schema_extra={"enum": _REPORT_REASONS}),
    ]
    note: Annotated[str, Field(max_length=MAX_REPORT_NOTE)] | None = None


class RejectBody(Body):
    reason: Annotated[
        str,
        Field(max_length=32, json_schema_extra={"enum": _REJECTION_REASONS}),
    ]
    note: Annotated[str, Field(min_length=1, max_length=MAX_NOTE_LENGTH)]


@dataclass(frozen=True)
class FiledReportAnswer:
    id: str
    posting_id: str
    reason: str
    status: str


@dataclass(frozen=True)
class ModeratedPosting:
    """A posting after an admin's decision: its status, and the moderation's view of it."""

    id: str
    company_id: str
    status: str
    version: int
    published_at: datetime | None
    valid_through: datetime | None
    moderation: ModerationView | None


@dataclass(frozen=True)
class ReportAnswer:
    id: str
    posting_id: str
    reason: str
    note: str | None
    status: str
    created_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class ReportList:
    items: list[ReportAnswer]


@dataclass(frozen=True)
class QueueEntry:
    posting_id: str
    company_id: str
    company_name: str
    title: str
    reasons: list[str]
    submitted_at: datetime
    open_reports: int
    version: int


@dataclass(frozen=True)
class QueueAnswer:
    items: list[QueueEntry]
    next_cursor: str | None


def _moderated(posting: Posting) -> ModeratedPosting:
    return ModeratedPosting(
        str(posting.id),
        str(posting.company_id),
        posting.status.value,
        posting.version,
        posting.published_at,
        posting.valid_through,
        moderation_view(posting),
    )


def _report(view: ReportView) -> ReportAnswer:
    return ReportAnswer(
        str(view.id),
        str(view.posting_id),
        view.reason,
        view.note,
        view.status,
        view.created_at,
        view.closed_at,
    )


def _report_of(report: PostingReport) -> ReportAnswer:
    return ReportAnswer(
        str(report.id),
        str(report.posting_id),
        report.reason.value,
        report.note,
        report.status.value,
        report.created_at,
        report.closed_at,
    )


def _entry(item: QueueItem) -> QueueEntry:
    return QueueEntry(
        str(item.posting_id),
        str(item.company_id),
        item.company_name,
        item.title,
        list(item.reasons),
        item.submitted_at,
        item.open_reports,
        item.version,
    )


class ReportController(Controller):
    path = "/v1/postings"
    tags = ["candidates"]

    @post(
        "/{posting_id:uuid}/reports",
        status_code=HTTP_201_CREATED,
        operation_id="reportPosting",
        operation_class=WriteOperation,
        summary="Report a posting",
        responses=problem_responses(400, 404, 409, 413, 422, 429, 503),
    )
    async def report(
        self,
        request: Request[Any, Any, Any],
        posting_id: FromPath[UUID],
        data: JSONBody[ReportBody],
        jobboard: Jobboard,
    ) -> Response[FiledReportAnswer]:
        """Report a public posting: `reason` (scam, discriminatory, misleading,
        expired_or_filled, other) and an optional `note`. One report per address and posting
        (a second is 409); the address is kept only as a keyed hash."""
        client = request.client
        filed = await jobboard.commands.report_posting(
            ReportPosting(
                PostingId(posting_id),
                data.reason,
                data.note,
                client.host if client is not None else "unknown",
            )
        )
        return Response(
            FiledReportAnswer(str(filed.id), str(filed.posting_id), filed.reason, filed.status),
            status_code=HTTP_201_CREATED,
        )


class ModerationController(Controller):
    path = "/v1/admin"
    tags = ["admin"]
    security = BEARER_SECURITY
    dependencies = {"principal": Provide(provide_principal), "admin": Provide(provide_admin)}

    @get(
        "/moderation",
        operation_id="listModerationQueue",
        operation_class=BoardOperation,
        summary="The moderation queue",
        responses=ADMIN_READ,
    )
    async def queue(
        self,
        jobboard: Jobboard,
        admin: Admin,
        limit: Annotated[
            int, Parameter(description=f"postings per page, 1-{MAX_LIMIT}")
        ] = DEFAULT_LIMIT,
        cursor: FromQuery[str | None] = None,
    ) -> Response[QueueAnswer]:
        """Postings waiting for review, oldest first, each with why (`reasons`) and its open
        reports; `next_cursor` fetches the next page."""
        page = await jobboard.queries.list_moderation_queue(ListModerationQueue(limit, cursor))
        return Response(QueueAnswer([_entry(i) for i in page.items], page.next_cursor))

    @post(
        "/postings/{posting_id:uuid}/approve",
        operation_id="approvePosting",
        operation_class=WriteOperation,
        status_code=200,
        summary="Approve a posting in review",
        responses=ADMIN_WRITE,
    )
    async def approve(
        self, jobboard: Jobboard, admin: Admin, posting_id: FromPath[UUID]
    ) -> Response[ModeratedPosting]:
        """The posting goes public now (`published_at`); its open reports are dismissed."""
        posting = await jobboard.commands.approve_posting(
            ApprovePosting(PostingId(posting_id), actor=admin.as_actor())
        )
        return Response(_moderated(posting))

    @post(
        "/postings/{posting_id:uuid}/reject",
        operation_id="rejectPosting",
        operation_class=WriteOperation,
        status_code=200,
        summary="Reject a posting in review",
        responses=ADMIN_WRITE,
    )
    async def reject(
        self,
        jobboard: Jobboard,
        admin: Admin,
        posting_id: FromPath[UUID],
        data: JSONBody[RejectBody],
    ) -> Response[ModeratedPosting]:
        """`reason` (scam, misleading, discriminatory, duplicate, incomplete, other) and a
        `note` its employer reads; the employer may revise it and publish it again."""
        posting = await jobboard.commands.reject_posting(
            RejectPosting(PostingId(posting_id), data.reason, data.note, actor=admin.as_actor())
        )
        return Response(_moderated(posting))

    @get(
        "/postings/{posting_id:uuid}/reports",
        operation_id="listPostingReports",
        operation_class=BoardOperation,
        summary="A posting's reports",
        responses=problem_responses(400, 401, 403, 404, 503),
    )
    async def reports(
        self, jobboard: Jobboard, admin: Admin, posting_id: FromPath[UUID]
    ) -> Response[ReportList]:
        """Every report of the posting, oldest first, open or not (never who sent it)."""
        views = await jobboard.queries.list_posting_reports(
            ListPostingReports(PostingId(posting_id))
        )
        return Response(ReportList([_report(v) for v in views]))

    @post(
        "/reports/{report_id:uuid}/dismiss",
        operation_id="dismissReport",
        operation_class=WriteOperation,
        status_code=200,
        summary="Dismiss a report",
        responses=ADMIN_WRITE,
    )
    async def dismiss(
        self, jobboard: Jobboard, admin: Admin, report_id: FromPath[UUID]
    ) -> Response[ReportAnswer]:
        """Close an open report as unfounded (the posting is untouched; 409 when closed)."""
        report = await jobboard.commands.dismiss_report(
            DismissReport(PostingReportId(report_id), actor=admin.as_actor())
        )
        return Response(_report_of(report))
