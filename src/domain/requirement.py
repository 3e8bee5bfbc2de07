"""The Requirement aggregate: one entry of the board's catalogue of things postings ask for."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from domain.aggregate import Aggregate
from domain.errors import InvalidTransition, InvariantViolated
from domain.events import (
    RequirementAdded,
    RequirementAliased,
    RequirementApproved,
    RequirementRenamed,
    RequirementsMerged,
)
from domain.guards import clean_text, require
from domain.ids import RequirementId


class RequirementKind(StrEnum):
    SKILL = "skill"
    LANGUAGE = "language"
    CERTIFICATION = "certification"
    DEGREE = "degree"
    EXPERIENCE = "experience"


class RequirementStatus(StrEnum):
    PENDING = "pending"  # proposed by an employer's posting, not yet curated
    ACTIVE = "active"
    MERGED = "merged"  # folded into another entry


def normalise_term(text: str, *, field: str = "name") -> str:
    """The lookup form of a name or alias: case-folded, single-spaced.

    Symbols stay ("C++", "C#", ".NET" are different skills from "C").
    """
    term = re.sub(r"\s+", " ", text).strip().casefold()
    require(bool(term), f"{field} must not be empty", field=field)
    require("\x00" not in term, f"{field} must not contain NUL characters", field=field)
    require(len(term) <= 100, f"{field} must be at most 100 characters", field=field)
    return term


class Requirement(Aggregate[RequirementId]):
    """A skill, language, certification, degree or kind of experience.

    Its terms (the normalised name plus aliases) are unique across the catalogue,
    so a posting that asks for "postgres" finds "PostgreSQL".
    """

    def __init__(
        self,
        *,
        id: RequirementId,
        name: str,
        kind: RequirementKind,
        aliases: frozenset[str],
        status: RequirementStatus,
        merged_into: RequirementId | None,
        created_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> None:
        super().__init__(id, version)
        self._name = name
        self._kind = kind
        self._aliases = aliases
        self._status = status
        self._merged_into = merged_into
        self._created_at = created_at
        self._updated_at = updated_at

    @classmethod
    def add(
        cls,
        id: RequirementId,
        name: str,
        kind: RequirementKind,
        now: datetime,
        aliases: Iterable[str] = (),
    ) -> Requirement:
        """A curated entry, added by an admin."""
        return cls._create(id, name, kind, RequirementStatus.ACTIVE, now, aliases)

    @classmethod
    def propose(cls, id: RequirementId, name: str, now: datetime) -> Requirement:
        """An entry a posting asked for that the catalogue did not know; awaits curation."""
        return cls._create(id, name, RequirementKind.SKILL, RequirementStatus.PENDING, now, ())

    @classmethod
    def _create(
        cls,
        id: RequirementId,
        name: str,
        kind: RequirementKind,
        status: RequirementStatus,
        now: datetime,
        aliases: Iterable[str],
    ) -> Requirement:
        name = clean_text(name, field="name", max_length=100)
        normalise_term(name)
        requirement = cls(
            id=id,
            name=name,
            kind=kind,
            aliases=frozenset(),
            status=status,
            merged_into=None,
            created_at=now,
            updated_at=now,
            version=0,
        )
        requirement._record(
            RequirementAdded(id, requirement.next_version, now, name, kind.value, status.value)
        )
        extra = list(aliases)
        if extra:
            requirement.alias(extra, now)
        return requirement

    @property
    def name(self) -> str:
        return self._name

    @property
    def kind(self) -> RequirementKind:
        return self._kind

    @property
    def aliases(self) -> frozenset[str]:
        """Normalised alternative names, not counting the name itself."""
        return self._aliases

    @property
    def status(self) -> RequirementStatus:
        return self._status

    @property
    def merged_into(self) -> RequirementId | None:
        return self._merged_into

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def updated_at(self) -> datetime:
        return self._updated_at

    @property
    def terms(self) -> frozenset[str]:
        """Every lookup form this entry answers to. Empty once merged away."""
        if self._status is RequirementStatus.MERGED:
            return frozenset()
        return self._aliases | {normalise_term(self._name)}

    def _ensure_not_merged(self) -> None:
        if self._status is RequirementStatus.MERGED:
            raise InvalidTransition("the requirement was merged into another entry")

    def approve(self, kind: RequirementKind, now: datetime) -> None:
        """Curate a pending entry into the catalogue."""
        if self._status is not RequirementStatus.PENDING:
            raise InvalidTransition(f"an {self._status} requirement cannot be approved")
        self._status = RequirementStatus.ACTIVE
        self._kind = kind
        self._updated_at = now
        self._record(RequirementApproved(self.id, self.next_version, now, kind.value))

    def rename(self, name: str, now: datetime) -> None:
        """Give the entry a new canonical name; the old one stays as an alias."""
        self._ensure_not_merged()
        name = clean_text(name, field="name", max_length=100)
        normalise_term(name)
        if name == self._name:
            return
        previous = self._name
        old_term = normalise_term(previous)
        new_term = normalise_term(name)
        self._aliases = (self._aliases | {old_term}) - {new_term}
        self._name = name
        self._updated_at = now
        self._record(RequirementRenamed(self.id, self.next_version, now, name, previous))

    def alias(self, aliases: Iterable[str], now: datetime) -> None:
        """Teach the entry more names it answers to."""
        self._ensure_not_merged()
        new = {normalise_term(a, field="aliases") for a in aliases} - self.terms
        if not new:
            return
        self._aliases = self._aliases | new
        self._updated_at = now
        self._record(RequirementAliased(self.id, self.next_version, now, tuple(sorted(new))))

    def merge_into(self, target: Requirement, now: datetime) -> None:
        """Fold this duplicate into ``target``: its names become the target's aliases."""
        if target.id == self.id:
            raise InvariantViolated("a requirement cannot be merged into itself", field="into")
        self._ensure_not_merged()
        if target.status is RequirementStatus.MERGED:
            raise InvalidTransition("cannot merge into an entry that was itself merged")
        terms = self.terms
        self._status = RequirementStatus.MERGED
        self._merged_into = target.id
        self._aliases = frozenset()
        self._updated_at = now
        self._record(RequirementsMerged(self.id, self.next_version, now, target.id))
        target.alias(terms, now)

    def follow_merge(self, target: Requirement, now: datetime) -> None:
        """This entry was merged into one that has now been merged into ``target``.

        Keeps every merged entry one step from an active one.
        """
        if self._status is not RequirementStatus.MERGED:
            raise InvalidTransition("only a merged requirement follows a merge")
        if target.status is RequirementStatus.MERGED:
            raise InvalidTransition("cannot merge into an entry that was itself merged")
        self._merged_into = target.id
        self._updated_at = now
        self._record(RequirementsMerged(self.id, self.next_version, now, target.id))
