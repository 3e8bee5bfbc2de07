"""The audit log in PostgreSQL: entries written in the act's transaction, and the admin's
filtered, paged look at them (newest first)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import Select, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.availability import translate_outages
from adapters.postgres.tables import audit_log
from application.audit import Actor, ActorKind, AggregateRef, AuditEntry
from application.queries.audit_log import AuditCursor, AuditFilters, AuditRecord

_INSERT = insert(audit_log)


class PendingAuditEntries:
    """A unit of work's audit log: entries wait here until its commit writes them."""

    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def record(self, entry: AuditEntry) -> None:
        self.entries.append(entry)


def _row(entry: AuditEntry) -> dict[str, Any]:
    return {
        "recorded_at": entry.recorded_at,
        "actor_kind": entry.actor.kind.value,
        "actor_id": entry.actor.id,
        "actor_name": entry.actor.name,
        "act": entry.act,
        "aggregate_type": entry.aggregate.type if entry.aggregate else None,
        "aggregate_id": entry.aggregate.id if entry.aggregate else None,
        "reason": entry.reason,
        "details": dict(entry.details),
    }


async def write_entries(connection: AsyncConnection, entries: list[AuditEntry]) -> None:
    """Append ``entries`` on ``connection``, inside the transaction it is in."""
    if entries:
        await connection.execute(_INSERT, [_row(entry) for entry in entries])


def _record(row: Any) -> AuditRecord:
    aggregate = (
        AggregateRef(row.aggregate_type, UUID(str(row.aggregate_id)))
        if row.aggregate_type is not None
        else None
    )
    actor = Actor(ActorKind(row.actor_kind), row.actor_id, row.actor_name)
    entry = AuditEntry(actor, row.act, row.recorded_at, aggregate, row.reason, row.details)
    return AuditRecord(row.seq, entry)


def _filtered(filters: AuditFilters, after: AuditCursor | None) -> Select[Any]:
    log = audit_log.c
    conditions: list[Any] = []
    if filters.actor_kind is not None:
        conditions.append(log.actor_kind == filters.actor_kind.value)
    if filters.actor_id is not None:
        conditions.append(log.actor_id == filters.actor_id)
    if filters.aggregate_type is not None:
        conditions.append(log.aggregate_type == filters.aggregate_type)
    if filters.aggregate_id is not None:
        conditions.append(log.aggregate_id == filters.aggregate_id)
    if filters.since is not None:
        conditions.append(log.recorded_at >= filters.since)
    if filters.until is not None:
        conditions.append(log.recorded_at < filters.until)
    if after is not None:
        # A row comparison: the (recorded_at, seq) index answers it as one range.
        conditions.append(tuple_(log.recorded_at, log.seq) < tuple_(after.recorded_at, after.seq))
    return select(audit_log).where(*conditions)


@translate_outages
class PostgresAuditReader:
    """Reads the write side's audit log (admins want it current, not a replica's)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def page(
        self, filters: AuditFilters, after: AuditCursor | None, limit: int
    ) -> list[AuditRecord]:
        statement = (
            _filtered(filters, after)
            .order_by(audit_log.c.recorded_at.desc(), audit_log.c.seq.desc())
            .limit(limit)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        return [_record(row) for row in rows]
