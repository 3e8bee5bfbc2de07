"""The PostgreSQL repository of job alerts, and their rows; the unit of work writes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.repositories import IdentityMap, _Repository
from adapters.postgres.tables import alerts
from application.alerts.ports import AlertIndexEntry
from domain.alert import Alert, AlertFrequency, AlertStatus, SavedSearch
from domain.ids import AlertId

_a = alerts.c
_BY_ID = select(alerts).where(_a.id == bindparam("id"))
_BY_DIGEST = select(alerts).where(
    or_(_a.confirm_digest == bindparam("digest"), _a.unsubscribe_digest == bindparam("digest"))
)
_PENDING_BEFORE = (
    select(_a.id)
    .where(_a.status == "pending", _a.created_at <= bindparam("cutoff", type_=_a.created_at.type))
    .order_by(_a.created_at)
    .limit(bindparam("limit"))
)

# The index entry staged with a new alert, by its id, until the unit of work saves it.
StagedKeys = dict[AlertId, AlertIndexEntry]


def alert_to_row(alert: Alert) -> dict[str, Any]:
    return {
        "id": alert.id,
        "email": alert.email,
        "filters": {name: list(values) for name, values in alert.search.filters},
        "frequency": alert.frequency.value,
        "status": alert.status.value,
        "confirm_digest": alert.confirm_digest,
        "unsubscribe_digest": alert.unsubscribe_digest,
        "created_at": alert.created_at,
        "confirmed_at": alert.confirmed_at,
        "ended_at": alert.ended_at,
        "version": alert.version,
    }


def saved_search_from_json(filters: dict[str, list[str]]) -> SavedSearch:
    return SavedSearch.of({name: tuple(values) for name, values in filters.items()})


def alert_from_row(row: RowMapping) -> Alert:
    return Alert(
        id=AlertId(row["id"]),
        email=row["email"],
        search=saved_search_from_json(row["filters"]),
        frequency=AlertFrequency(row["frequency"]),
        confirm_digest=row["confirm_digest"],
        unsubscribe_digest=row["unsubscribe_digest"],
        status=AlertStatus(row["status"]),
        created_at=row["created_at"],
        confirmed_at=row["confirmed_at"],
        ended_at=row["ended_at"],
        version=row["version"],
    )


class PostgresAlertRepository(_Repository):
    label = "alert"

    def __init__(self, connection: AsyncConnection, seen: IdentityMap, keys: StagedKeys) -> None:
        super().__init__(connection, seen)
        self._keys = keys

    def add(self, alert: Alert, index: AlertIndexEntry) -> None:
        self._stage(alert)
        self._keys[alert.id] = index

    async def get(self, alert_id: AlertId) -> Alert:
        known: Alert | None = self._known(alert_id)
        if known is not None:
            return known
        row = (await self._db.execute(_BY_ID, {"id": alert_id})).mappings().first()
        if row is None:
            raise self._missing(alert_id)
        alert: Alert = self._remember(alert_from_row(row))
        return alert

    async def by_link_digest(self, digest: str) -> Alert | None:
        row = (await self._db.execute(_BY_DIGEST, {"digest": digest})).mappings().first()
        if row is None:
            return None
        alert: Alert = self._remember(alert_from_row(row))
        return alert

    async def pending_created_before(self, cutoff: datetime, limit: int) -> list[AlertId]:
        rows = await self._db.execute(_PENDING_BEFORE, {"cutoff": cutoff, "limit": limit})
        return [AlertId(r[0]) for r in rows]
