"""Who did what to the board: the actor an admin command carries, and the audit entry its
handler records through the unit of work (so the entry commits with the change, or not
at all, as the outbox's events do)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.ids import ApiKeyId


class ActorKind(StrEnum):
    ADMIN_KEY = "admin_key"  # over HTTP, with an admin API key
    CLI = "cli"  # from a shell, `jobboard admin ...`, as an OS user


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts: an admin key (its id, and its name as it was when the act was done) or
    the command line (the OS user who ran it)."""

    kind: ActorKind
    id: str  # the admin key's id, or the OS user's login name
    name: str | None = None  # the admin key's name; keys issued before names have none

    @classmethod
    def admin_key(cls, key_id: ApiKeyId, name: str | None) -> Actor:
        return cls(ActorKind.ADMIN_KEY, str(key_id), name)

    @classmethod
    def cli(cls, os_user: str) -> Actor:
        # Login names are short (32 characters on Linux); the log keeps at most 128.
        return cls(ActorKind.CLI, os_user[:128] or "unknown")


@dataclass(frozen=True, slots=True)
class AggregateRef:
    """The aggregate an act was done to: its type (company, posting, requirement,
    api_key) and id."""

    type: str
    id: UUID


Details = dict[str, str | int]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One admin act. A board-wide act (expire, rebuild) names no aggregate; its
    ``details`` say what it did (how many postings expired, rows rebuilt)."""

    actor: Actor
    act: str  # the use case's name in the catalogue, e.g. "suspend_company"
    recorded_at: datetime
    aggregate: AggregateRef | None = None
    reason: str | None = None
    details: Details = field(default_factory=dict)


class AuditLog(Protocol):
    """The unit of work's audit log: what is recorded is written on commit, in the same
    transaction as the aggregates; a unit of work left without committing writes nothing."""

    def record(self, entry: AuditEntry) -> None: ...
