"""The PostgreSQL repository of posting reports, and their rows; the unit of work writes
what it stages."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping, bindparam, func, select

from adapters.postgres.repositories import _Repository
from adapters.postgres.tables import posting_reports
from domain.ids import CompanyId, PostingId, PostingReportId
from domain.posting_report import PostingReport, ReportReason, ReportStatus

_pr = posting_reports.c
_BY_ID = select(posting_reports).where(_pr.id == bindparam("id"))
_OF_POSTING = (
    select(posting_reports)
    .where(_pr.posting_id == bindparam("posting_id"))
    .order_by(_pr.created_at, _pr.id)
)
_OPEN_OF_POSTING = _OF_POSTING.where(_pr.status == "open")
_COUNT_OPEN = select(func.count()).where(
    _pr.posting_id == bindparam("posting_id"), _pr.status == "open"
)


def report_to_row(report: PostingReport) -> dict[str, Any]:
    return {
        "id": report.id,
        "posting_id": report.posting_id,
        "company_id": report.company_id,
        "reason": report.reason.value,
        "note": report.note,
        "reporter_hash": report.reporter_hash,
        "status": report.status.value,
        "created_at": report.created_at,
        "closed_at": report.closed_at,
        "version": report.version,
    }


def report_from_row(row: RowMapping) -> PostingReport:
    return PostingReport(
        id=PostingReportId(row["id"]),
        posting_id=PostingId(row["posting_id"]),
        company_id=CompanyId(row["company_id"]),
        reason=ReportReason(row["reason"]),
        note=row["note"],
        reporter_hash=row["reporter_hash"],
        status=ReportStatus(row["status"]),
        created_at=row["created_at"],
        closed_at=row["closed_at"],
        version=row["version"],
    )


class PostgresPostingReportRepository(_Repository):
    label = "report"

    def add(self, report: PostingReport) -> None:
        self._stage(report)

    async def get(self, report_id: PostingReportId) -> PostingReport:
        known: PostingReport | None = self._known(report_id)
        if known is not None:
            return known
        loaded = await self._load(_BY_ID, {"id": report_id})
        if not loaded:
            raise self._missing(report_id)
        return loaded[0]

    async def list_for_posting(self, posting_id: PostingId) -> list[PostingReport]:
        return await self._load(_OF_POSTING, {"posting_id": posting_id})

    async def open_for_posting(self, posting_id: PostingId) -> list[PostingReport]:
        return await self._load(_OPEN_OF_POSTING, {"posting_id": posting_id})

    async def count_open(self, posting_id: PostingId) -> int:
        counted = await self._db.execute(_COUNT_OPEN, {"posting_id": posting_id})
        found: int = counted.scalar_one()
        return found

    async def _load(self, statement: Any, values: dict[str, Any]) -> list[PostingReport]:
        rows = (await self._db.execute(statement, values)).mappings().all()
        return [self._remember(report_from_row(row)) for row in rows]
