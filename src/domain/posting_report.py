"""The PostingReport aggregate: a candidate's report that a public posting is bad (a scam,
discriminatory, ...), open until an admin dismisses it or takes the posting down.

Who reported is kept only as a keyed hash of their address (made by the application's
ReporterHashes port): enough to allow one report per address and posting, nothing that
says who it was."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from domain.aggregate import Aggregate
from domain.errors import InvalidTransition
from domain.events import PostingReported, ReportDismissed, ReportResolved
from domain.guards import clean_text, require
from domain.ids import CompanyId, PostingId, PostingReportId
from domain.posting import Posting, PostingStatus

MAX_REPORT_NOTE = 1000


class ReportReason(StrEnum):
    SCAM = "scam"
    DISCRIMINATORY = "discriminatory"
    MISLEADING = "misleading"
    EXPIRED_OR_FILLED = "expired_or_filled"
    OTHER = "other"


class ReportStatus(StrEnum):
    OPEN = "open"
    DISMISSED = "dismissed"  # an admin found nothing wrong
    RESOLVED = "resolved"  # the posting was taken down


class PostingReport(Aggregate[PostingReportId]):
    def __init__(
        self,
        *,
        id: PostingReportId,
        posting_id: PostingId,
        company_id: CompanyId,
        reason: ReportReason,
        note: str | None,
        reporter_hash: str,
        status: ReportStatus,
        created_at: datetime,
        closed_at: datetime | None,
        version: int,
    ) -> None:
        super().__init__(id, version)
        self._posting_id = posting_id
        self._company_id = company_id
        self._reason = reason
        self._note = note
        self._reporter_hash = reporter_hash
        self._status = status
        self._created_at = created_at
        self._closed_at = closed_at

    @classmethod
    def file(
        cls,
        id: PostingReportId,
        posting: Posting,
        reason: ReportReason,
        note: str | None,
        reporter_hash: str,
        now: datetime,
    ) -> PostingReport:
        """Report a public posting (the caller checked that it is public)."""
        require(posting.status is PostingStatus.PUBLISHED, "only a public posting is reported")
        require(bool(reporter_hash), "a report names its reporter's hash")
        cleaned = (
            clean_text(note, field="note", max_length=MAX_REPORT_NOTE, allow_empty=True)
            if note is not None
            else ""
        )
        report = cls(
            id=id,
            posting_id=posting.id,
            company_id=posting.company_id,
            reason=reason,
            note=cleaned or None,
            reporter_hash=reporter_hash,
            status=ReportStatus.OPEN,
            created_at=now,
            closed_at=None,
            version=0,
        )
        report._record(
            PostingReported(
                id, report.next_version, now, posting.id, posting.company_id, reason.value
            )
        )
        return report

    @property
    def posting_id(self) -> PostingId:
        return self._posting_id

    @property
    def company_id(self) -> CompanyId:
        return self._company_id

    @property
    def reason(self) -> ReportReason:
        return self._reason

    @property
    def note(self) -> str | None:
        return self._note

    @property
    def reporter_hash(self) -> str:
        return self._reporter_hash

    @property
    def status(self) -> ReportStatus:
        return self._status

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def closed_at(self) -> datetime | None:
        return self._closed_at

    @property
    def is_open(self) -> bool:
        return self._status is ReportStatus.OPEN

    def dismiss(self, now: datetime) -> None:
        """An admin found nothing wrong with what was reported."""
        self._close(ReportStatus.DISMISSED, now)
        self._record(ReportDismissed(self.id, self.next_version, now, self._posting_id))

    def resolve(self, now: datetime) -> None:
        """The posting was taken down: the report was right, and is closed."""
        self._close(ReportStatus.RESOLVED, now)
        self._record(ReportResolved(self.id, self.next_version, now, self._posting_id))

    def _close(self, status: ReportStatus, now: datetime) -> None:
        if self._status is not ReportStatus.OPEN:
            raise InvalidTransition(f"a {self._status} report cannot be closed again")
        self._status = status
        self._closed_at = now
