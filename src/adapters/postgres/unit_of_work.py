"""The PostgreSQL unit of work: one transaction that saves the aggregates a use case
touched and their events (to the outbox) together, or nothing at all.

Loading runs outside a transaction, each statement on its own snapshot, as it would in a
READ COMMITTED transaction (loads take no locks; a save checks the version it loaded), so a
use case that only reads sends no BEGIN and no ROLLBACK. The transaction is opened on the
unit of work's connection when there is something to save, and spans every write."""

from __future__ import annotations

import json
from types import TracebackType
from typing import Any, Self

from sqlalchemy import bindparam, delete, insert, text, update
from sqlalchemy.exc import IntegrityError

from adapters.postgres import mapping
from adapters.postgres.alert_repository import PostgresAlertRepository, StagedKeys, alert_to_row
from adapters.postgres.audit_log import PendingAuditEntries, write_entries
from adapters.postgres.availability import as_unavailable
from adapters.postgres.constraint_errors import translate
from adapters.postgres.database import Connections
from adapters.postgres.events_codec import outbox_row
from adapters.postgres.job_application_mapping import job_application_to_row
from adapters.postgres.job_application_repository import (
    PostgresJobApplicationRepository,
    StagedFiles,
)
from adapters.postgres.near_duplicate_index import PostgresNearDuplicateIndex
from adapters.postgres.posting_report_repository import (
    PostgresPostingReportRepository,
    report_to_row,
)
from adapters.postgres.projector import OUTBOX_CHANNEL
from adapters.postgres.repositories import (
    NEW,
    ChildRows,
    IdentityMap,
    PostgresApiKeyRepository,
    PostgresCompanyRepository,
    PostgresPostingRepository,
    PostgresRequirementRepository,
)
from adapters.postgres.tables import (
    alerts,
    api_keys,
    application_resumes,
    companies,
    job_applications,
    posting_reports,
    posting_requirements,
    postings,
    requirement_terms,
    requirements,
)
from domain.aggregate import Aggregate
from domain.alert import Alert
from domain.api_key import ApiKey
from domain.company import Company
from domain.errors import ConcurrentModification
from domain.job_application import JobApplication
from domain.posting import Posting
from domain.posting_report import PostingReport
from domain.requirement import Requirement

# Parents before children, so foreign keys hold inside the transaction.
SAVE_ORDER: tuple[type, ...] = (
    Company,
    Requirement,
    Posting,
    ApiKey,
    JobApplication,
    PostingReport,
    Alert,
)

# The writes, built once per table (building a statement costs more CPU than sending it).
# An UPDATE's SET clause is the row's columns, named by the values it is executed with;
# only the version loaded may be replaced (optimistic concurrency).
_TABLES = (
    companies,
    requirements,
    postings,
    api_keys,
    job_applications,
    posting_reports,
    alerts,
)
_INSERT = {t.name: insert(t) for t in _TABLES}
_UPDATE = {
    t.name: update(t).where(t.c.id == bindparam("b_id"), t.c.version == bindparam("b_loaded"))
    for t in _TABLES
}
# A withdrawn application is erased, its résumé with it (ON DELETE CASCADE).
_ERASE_APPLICATION = delete(job_applications).where(
    job_applications.c.id == bindparam("b_id"),
    job_applications.c.version == bindparam("b_loaded"),
)
# The events and the projector's wake-up call in one statement, the same statement for
# any number of events (their fields sent as arrays, unnested into rows in order). The
# NOTIFY is delivered on commit, so the projector never wakes for a rollback.
_RECORD_EVENTS = text(
    "WITH written AS ("
    " INSERT INTO outbox"
    " (aggregate_type, aggregate_id, aggregate_version, event_type, payload, occurred_at)"
    " SELECT t, i, v, e, p::jsonb, o FROM unnest("
    "CAST(:types AS text[]), CAST(:ids AS uuid[]), CAST(:versions AS int[]),"
    " CAST(:events AS text[]), CAST(:payloads AS text[]), CAST(:occurred AS timestamptz[])"
    ") WITH ORDINALITY AS u(t, i, v, e, p, o, n) ORDER BY n"
    " RETURNING id)"
    f" SELECT pg_notify('{OUTBOX_CHANNEL}', '')"
)
_DELETE_CHILDREN = {
    posting_requirements.name: delete(posting_requirements).where(
        posting_requirements.c.posting_id == bindparam("parent")
    ),
    requirement_terms.name: delete(requirement_terms).where(
        requirement_terms.c.requirement_id == bindparam("parent")
    ),
}


class PostgresUnitOfWork:
    def __init__(self, connections: Connections) -> None:
        self._connections = connections

    async def __aenter__(self) -> Self:
        try:
            self._connection = await self._connections().start()
        except Exception as error:
            raise as_unavailable(error) from error
        self._seen: IdentityMap = {}
        self._children: ChildRows = {}
        self.companies = PostgresCompanyRepository(self._connection, self._seen)
        self.postings = PostgresPostingRepository(self._connection, self._seen, self._children)
        self.requirements = PostgresRequirementRepository(
            self._connection, self._seen, self._children
        )
        self.api_keys = PostgresApiKeyRepository(self._connection, self._seen)
        self.audit = PendingAuditEntries()
        self._files: StagedFiles = {}
        self.applications = PostgresJobApplicationRepository(
            self._connection, self._seen, self._files
        )
        self.reports = PostgresPostingReportRepository(self._connection, self._seen)
        # The duplicate check's signatures, written with the transaction; its company lock
        # is released as the unit of work ends.
        self.near_duplicates = PostgresNearDuplicateIndex(self._connection)
        # Job alerts, with the anchor keys a new alert is indexed under.
        self._alert_keys: StagedKeys = {}
        self.alerts = PostgresAlertRepository(self._connection, self._seen, self._alert_keys)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            try:
                await self.near_duplicates.release()
            finally:
                await self._connection.close()
        except Exception as error:
            if exc is None:
                raise as_unavailable(error) from error
        # What the use case's block raised while reaching the database leaves as Unavailable.
        if isinstance(exc, Exception) and (outage := as_unavailable(exc)) is not exc:
            raise outage from exc

    async def commit(self) -> None:
        changed = [(a, v) for a, v in self._seen.values() if a.pending_events or v == NEW]
        if not changed and not self.audit.entries:
            return
        changed.sort(key=lambda entry: SAVE_ORDER.index(type(entry[0])))
        self._rewritten: ChildRows = {}
        try:
            await self._in_transaction(changed)
        except IntegrityError as error:
            domain_error = translate(error)
            if domain_error is None:
                raise
            raise domain_error from error
        self.audit.entries.clear()  # written: a second commit must not write them again
        self.near_duplicates.written()
        self._children.update(self._rewritten)  # what the database now holds
        for aggregate, _ in changed:
            aggregate.pull_events()
            self._seen[aggregate.id] = (aggregate, aggregate.version)

    async def _in_transaction(self, changed: list[tuple[Aggregate[Any], int]]) -> None:
        """Every write and the events in one transaction on the unit of work's connection.

        The connection runs outside a transaction, so BEGIN and COMMIT are sent as statements
        of their own; their errors are SQLAlchemy's like any other (a lost connection is
        invalidated, a deferred constraint failing at COMMIT is an IntegrityError)."""
        connection = self._connection
        await connection.exec_driver_sql("BEGIN")
        try:
            for aggregate, loaded in changed:
                await self._save(aggregate, loaded)
            events = [
                outbox_row(type(aggregate).__name__, event)
                for aggregate, _ in changed
                for event in aggregate.pending_events
            ]
            if events:
                await self._connection.execute(
                    _RECORD_EVENTS,
                    {
                        "types": [e["aggregate_type"] for e in events],
                        "ids": [e["aggregate_id"] for e in events],
                        "versions": [e["aggregate_version"] for e in events],
                        "events": [e["event_type"] for e in events],
                        "payloads": [json.dumps(e["payload"]) for e in events],
                        "occurred": [e["occurred_at"] for e in events],
                    },
                )
            await write_entries(connection, self.audit.entries)
            await self.near_duplicates.write()
            await connection.exec_driver_sql("COMMIT")
        except BaseException:
            # The error that failed the write is the one raised (a lost connection answers
            # 503); a connection that cannot be rolled back may still be inside the
            # transaction, so it is never handed out again.
            if not connection.invalidated:  # a lost one is invalidated already
                try:
                    await connection.exec_driver_sql("ROLLBACK")
                except BaseException:
                    await connection.invalidate()
            raise

    async def _save(self, aggregate: Aggregate[Any], loaded: int) -> None:
        if isinstance(aggregate, Company):
            await self._upsert(companies, mapping.company_to_row(aggregate), loaded)
        elif isinstance(aggregate, Requirement):
            await self._upsert(requirements, mapping.requirement_to_row(aggregate), loaded)
            await self._replace_children(
                aggregate.id, requirement_terms, mapping.requirement_term_rows(aggregate), loaded
            )
        elif isinstance(aggregate, Posting):
            await self._upsert(postings, mapping.posting_to_row(aggregate), loaded)
            await self._replace_children(
                aggregate.id,
                posting_requirements,
                mapping.posting_requirement_rows(aggregate),
                loaded,
            )
        elif isinstance(aggregate, ApiKey):
            await self._upsert(api_keys, mapping.api_key_to_row(aggregate), loaded)
        elif isinstance(aggregate, JobApplication):
            await self._save_application(aggregate, loaded)
        elif isinstance(aggregate, PostingReport):
            await self._upsert(posting_reports, report_to_row(aggregate), loaded)
        elif isinstance(aggregate, Alert):
            row = alert_to_row(aggregate)
            if loaded == NEW:
                index = self._alert_keys.get(aggregate.id)
                row["anchor_keys"] = list(index.anchor_keys) if index else []
                row["text_query"] = index.text_query if index else None
            await self._upsert(alerts, row, loaded)
        else:  # pragma: no cover - a new aggregate type must be given a table
            raise TypeError(f"no table for {type(aggregate).__name__}")

    async def _save_application(self, application: JobApplication, loaded: int) -> None:
        if application.withdrawn:
            if loaded == NEW:
                return  # never saved: nothing to erase
            result: Any = await self._connection.execute(
                _ERASE_APPLICATION, {"b_id": application.id, "b_loaded": loaded}
            )
            if result.rowcount != 1:
                raise ConcurrentModification(
                    f"application {application.id} was changed by another writer"
                )
            return
        await self._upsert(job_applications, job_application_to_row(application), loaded)
        resume = self._files.get(application.id)
        if loaded == NEW and resume is not None:
            await self._connection.execute(
                insert(application_resumes), {"application_id": application.id, "data": resume}
            )

    async def _upsert(self, table: Any, row: dict[str, Any], loaded: int) -> None:
        if loaded == NEW:
            await self._connection.execute(_INSERT[table.name], row)
            return
        result: Any = await self._connection.execute(
            _UPDATE[table.name], {**row, "b_id": row["id"], "b_loaded": loaded}
        )
        if result.rowcount != 1:
            raise ConcurrentModification(
                f"{table.name[:-1]} {row['id']} was changed by another writer; reload and retry"
            )

    async def _replace_children(
        self, parent: Any, table: Any, rows: list[dict[str, Any]], loaded: int
    ) -> None:
        """Rewrite the parent's child rows, unless they are what was loaded (a publish
        changes no requirement); a new parent has none to delete."""
        if loaded != NEW:
            if self._children.get(parent) == rows:
                return
            await self._connection.execute(_DELETE_CHILDREN[table.name], {"parent": parent})
        if rows:
            await self._connection.execute(insert(table), rows)
        self._rewritten[parent] = rows
