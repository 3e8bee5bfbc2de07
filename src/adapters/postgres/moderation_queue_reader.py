"""The moderation queue, read from the write side (it is an admin's view of what waits,
current to the transaction): postings in review, oldest submission first, on the
partial index ix_postings_review_queue."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.tables import companies, posting_reports, postings
from application.queries.moderation import QueueCursor, QueueItem
from domain.ids import CompanyId, PostingId

_p, _r = postings.c, posting_reports.c
_OPEN_REPORTS = (
    select(func.count())
    .where(_r.posting_id == _p.id, _r.status == "open")
    .correlate(postings)
    .scalar_subquery()
    .label("open_reports")
)


class PostgresModerationQueueReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def page(self, after: QueueCursor | None, limit: int) -> list[QueueItem]:
        statement = (
            select(
                _p.id,
                _p.company_id,
                companies.c.name,
                _p.title,
                _p.review_reasons,
                _p.submitted_for_review_at,
                _p.version,
                _OPEN_REPORTS,
            )
            .join(companies, companies.c.id == _p.company_id)
            .where(_p.status == "in_review")
            .order_by(_p.submitted_for_review_at, _p.id)
            .limit(limit)
        )
        if after is not None:
            statement = statement.where(
                or_(
                    _p.submitted_for_review_at > after.submitted_at,
                    and_(
                        _p.submitted_for_review_at == after.submitted_at,
                        _p.id > after.posting_id,
                    ),
                )
            )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        return [
            QueueItem(
                PostingId(row.id),
                CompanyId(row.company_id),
                row.name,
                row.title,
                tuple(row.review_reasons),
                row.submitted_for_review_at,
                row.open_reports,
                row.version,
            )
            for row in rows
        ]
