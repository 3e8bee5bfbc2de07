"""The PostgreSQL repository of job applications; the unit of work writes what it stages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, literal_column, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.job_application_mapping import job_application_from_row
from adapters.postgres.repositories import IdentityMap, _Repository
from adapters.postgres.tables import application_resumes, job_applications
from domain.ids import JobApplicationId, PostingId
from domain.job_application import JobApplication

_ja = job_applications.c
_BY_ID = select(job_applications).where(_ja.id == bindparam("id"))
_NEWEST = (
    select(job_applications)
    .where(_ja.posting_id == bindparam("posting_id"))
    .order_by(_ja.submitted_at.desc(), _ja.id.desc())
    .limit(bindparam("limit"))
)
_RESUME = select(application_resumes.c.data).where(
    application_resumes.c.application_id == bindparam("id")
)

_PAST_RETENTION = (
    select(_ja.id)
    .where(
        _ja.submitted_at + _ja.retention_days * literal_column("interval '1 day'")
        <= bindparam("now", type_=_ja.submitted_at.type)
    )
    .order_by(_ja.submitted_at, _ja.id)
    .limit(bindparam("limit"))
)

# Résumé bytes staged with a new application, by its id, until the unit of work saves them.
StagedFiles = dict[JobApplicationId, bytes]


class PostgresJobApplicationRepository(_Repository):
    label = "application"

    def __init__(self, connection: AsyncConnection, seen: IdentityMap, files: StagedFiles) -> None:
        super().__init__(connection, seen)
        self._files = files

    def add(self, application: JobApplication, resume: bytes | None) -> None:
        self._stage(application)
        if resume is not None:
            self._files[application.id] = resume

    async def get(self, application_id: JobApplicationId) -> JobApplication:
        known: JobApplication | None = self._known(application_id)
        if known is not None:
            return known
        row = (await self._db.execute(_BY_ID, {"id": application_id})).mappings().first()
        if row is None:
            raise self._missing(application_id)
        application: JobApplication = self._remember(job_application_from_row(row))
        return application

    async def list_for_posting(
        self,
        posting_id: PostingId,
        before: tuple[datetime, JobApplicationId] | None,
        limit: int,
    ) -> list[JobApplication]:
        statement = _NEWEST
        if before is not None:
            statement = statement.where(
                tuple_(_ja.submitted_at, _ja.id)
                < tuple_(
                    bindparam("at", type_=_ja.submitted_at.type),
                    bindparam("after", type_=_ja.id.type),
                )
            )
        values = {"posting_id": posting_id, "limit": limit}
        if before is not None:
            values |= {"at": before[0], "after": before[1]}
        rows = (await self._db.execute(statement, values)).mappings()
        return [self._remember(job_application_from_row(row)) for row in rows]

    async def resume(self, application_id: JobApplicationId) -> bytes | None:
        data = (await self._db.execute(_RESUME, {"id": application_id})).scalar()
        return bytes(data) if data is not None else None

    async def ids_past_retention(self, now: datetime, limit: int) -> list[JobApplicationId]:
        rows = await self._db.execute(_PAST_RETENTION, {"now": now, "limit": limit})
        return [JobApplicationId(row[0]) for row in rows]
