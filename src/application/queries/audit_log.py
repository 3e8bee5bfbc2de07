"""An admin's look at the audit log: who did what to which aggregate, newest first."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.audit import ActorKind, AuditEntry
from application.errors import InvalidParameter
from application.queries.times import storable

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
AGGREGATE_TYPES = ("api_key", "company", "posting", "posting_report", "requirement")
MAX_ACTOR_LENGTH = 128  # the longest actor id the log holds
_LARGEST_SEQ = 2**63 - 1  # the log's bigint


@dataclass(frozen=True, slots=True)
class AuditCursor:
    """Where a page ended: the last entry's time and its place in the log (keyset)."""

    recorded_at: datetime
    seq: int

    def encode(self) -> str:
        raw = json.dumps({"t": self.recorded_at.isoformat(), "s": self.seq}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> AuditCursor:
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            moment = datetime.fromisoformat(data["t"])
            seq = data["s"]
            if moment.tzinfo is None or not isinstance(seq, int) or not 1 <= seq <= _LARGEST_SEQ:
                raise ValueError("not a cursor")
            if not storable(moment):
                raise ValueError("time out of range")
            return cls(moment, seq)
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
            raise InvalidParameter(
                "cursor is not one this board handed out", field="cursor"
            ) from None


@dataclass(frozen=True, slots=True)
class AuditFilters:
    actor_kind: ActorKind | None = None
    actor_id: str | None = None  # with actor_kind: one key, or one OS user
    aggregate_type: str | None = None
    aggregate_id: UUID | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


@dataclass(frozen=True, slots=True)
class AuditRecord:
    seq: int  # the entry's place in the log: later entries have larger ones
    entry: AuditEntry


class AuditReader(Protocol):
    async def page(
        self, filters: AuditFilters, after: AuditCursor | None, limit: int
    ) -> list[AuditRecord]:
        """Up to ``limit`` entries matching ``filters``, newest first, after ``after``."""
        ...


@dataclass(frozen=True, slots=True)
class ListAuditEntries:
    """``actor`` is an admin key's id, ``cli`` (any OS user) or ``cli:USER``."""

    actor: str | None = None
    aggregate_type: str | None = None
    aggregate_id: UUID | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class AuditPage:
    items: tuple[AuditRecord, ...]
    next_cursor: str | None


def _actor(actor: str | None) -> tuple[ActorKind | None, str | None]:
    if actor is None:
        return None, None
    if len(actor) > MAX_ACTOR_LENGTH + len("cli:") or not actor.isprintable():
        raise InvalidParameter(
            f"actor must be at most {MAX_ACTOR_LENGTH} printable characters", field="actor"
        )
    if actor == ActorKind.CLI.value:
        return ActorKind.CLI, None
    if actor.startswith("cli:") and len(actor) > len("cli:"):
        return ActorKind.CLI, actor[len("cli:") :]
    try:
        return ActorKind.ADMIN_KEY, str(UUID(actor))
    except ValueError:
        raise InvalidParameter(
            "actor must be an admin key's id, 'cli' or 'cli:USER'", field="actor"
        ) from None


def _moment(value: datetime | None, name: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise InvalidParameter(f"{name} must carry a UTC offset (e.g. Z)", field=name)
    if value is not None and not storable(value):
        raise InvalidParameter(f"{name} must be a time between 1970 and 9000", field=name)
    return value


class ListAuditEntriesHandler:
    """The audit log, filtered by actor, aggregate and time, newest first, a page at a time."""

    def __init__(self, reader: AuditReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListAuditEntries) -> AuditPage:
        if not 1 <= query.limit <= MAX_LIMIT:
            raise InvalidParameter(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
        if query.aggregate_type is not None and query.aggregate_type not in AGGREGATE_TYPES:
            raise InvalidParameter(
                f"aggregate_type must be one of {', '.join(AGGREGATE_TYPES)}",
                field="aggregate_type",
            )
        since, until = _moment(query.since, "since"), _moment(query.until, "until")
        if since is not None and until is not None and since > until:
            raise InvalidParameter("since must not be later than until", field="since")
        kind, actor_id = _actor(query.actor)
        after = AuditCursor.decode(query.cursor) if query.cursor else None
        filters = AuditFilters(
            kind, actor_id, query.aggregate_type, query.aggregate_id, since, until
        )
        found = await self._reader.page(filters, after, query.limit + 1)
        page = tuple(found[: query.limit])
        more = len(found) > query.limit
        last = page[-1] if page else None
        cursor = AuditCursor(last.entry.recorded_at, last.seq).encode() if more and last else None
        return AuditPage(page, cursor)
