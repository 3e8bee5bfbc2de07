"""An admin's look at moderation: the queue of postings in review (oldest first, each with
why it is there) and the reports of one posting."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.errors import InvalidParameter
from application.ports import UnitOfWorkFactory
from application.queries.times import storable
from domain.ids import CompanyId, PostingId, PostingReportId

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class QueueCursor:
    """Where a page of the queue ended: the last item's submission time and id (keyset)."""

    submitted_at: datetime
    posting_id: UUID

    def encode(self) -> str:
        raw = json.dumps({"t": self.submitted_at.isoformat(), "i": str(self.posting_id)})
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> QueueCursor:
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            moment = datetime.fromisoformat(data["t"])
            if moment.tzinfo is None or not storable(moment):
                raise ValueError("not a cursor")
            return cls(moment, UUID(data["i"]))
        except (ValueError, TypeError, KeyError, AttributeError, binascii.Error):
            raise InvalidParameter(
                "cursor is not one this board handed out", field="cursor"
            ) from None


@dataclass(frozen=True, slots=True)
class QueueItem:
    posting_id: PostingId
    company_id: CompanyId
    company_name: str
    title: str
    reasons: tuple[str, ...]  # ReviewReason codes: why it waits
    submitted_at: datetime  # when it entered review
    open_reports: int
    version: int


class ModerationQueueReader(Protocol):
    async def page(self, after: QueueCursor | None, limit: int) -> list[QueueItem]:
        """Up to ``limit`` postings in review, oldest submission first, after ``after``."""
        ...


@dataclass(frozen=True, slots=True)
class ListModerationQueue:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class QueuePage:
    items: tuple[QueueItem, ...]
    next_cursor: str | None


class ListModerationQueueHandler:
    """The postings waiting for an admin, oldest first, a page at a time."""

    def __init__(self, reader: ModerationQueueReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListModerationQueue) -> QueuePage:
        if not 1 <= query.limit <= MAX_LIMIT:
            raise InvalidParameter(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
        after = QueueCursor.decode(query.cursor) if query.cursor else None
        found = await self._reader.page(after, query.limit + 1)
        page = tuple(found[: query.limit])
        last = page[-1] if page else None
        more = len(found) > query.limit and last is not None
        cursor = QueueCursor(last.submitted_at, last.posting_id).encode() if more and last else None
        return QueuePage(page, cursor)


@dataclass(frozen=True, slots=True)
class ReportView:
    """A report as an admin sees it (never who sent it: the board does not know)."""

    id: PostingReportId
    posting_id: PostingId
    reason: str
    note: str | None
    status: str
    created_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class ListPostingReports:
    posting_id: PostingId


class ListPostingReportsHandler:
    """Every report of a posting, oldest first (NotFound for a posting that does not exist)."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, query: ListPostingReports) -> tuple[ReportView, ...]:
        async with self._uow() as uow:
            await uow.postings.get(query.posting_id)
            reports = await uow.reports.list_for_posting(query.posting_id)
        return tuple(
            ReportView(
                r.id,
                r.posting_id,
                r.reason.value,
                r.note,
                r.status.value,
                r.created_at,
                r.closed_at,
            )
            for r in reports
        )
