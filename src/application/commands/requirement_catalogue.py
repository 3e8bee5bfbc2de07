"""Curating the requirement catalogue: add, rename, alias, merge (admin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from application.audit import Actor, AggregateRef, AuditEntry, Details
from application.ports import Clock, IdGenerator, UnitOfWorkFactory
from domain.errors import AlreadyExists
from domain.guards import member
from domain.ids import RequirementId
from domain.requirement import Requirement, RequirementKind, RequirementStatus, normalise_term


@dataclass(frozen=True, slots=True)
class AddRequirement:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class RenameRequirement:
    requirement_id: RequirementId
    name: str
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class AliasRequirement:
    requirement_id: RequirementId
    aliases: tuple[str, ...]
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class MergeRequirements:
    source_id: RequirementId
    into_id: RequirementId
    actor: Actor = field(kw_only=True)


def _on_entry(
    actor: Actor,
    act: str,
    requirement_id: RequirementId,
    now: datetime,
    details: Details | None = None,
) -> AuditEntry:
    return AuditEntry(
        actor, act, now, AggregateRef("requirement", requirement_id), details=details or {}
    )


class AddRequirementHandler:
    """Add an entry to the catalogue.

    A name that employers already proposed (a pending entry) is approved in
    place, so the postings that asked for it keep pointing at it.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids

    async def __call__(self, command: AddRequirement) -> RequirementId:
        now = self._clock.now()
        kind = member(RequirementKind, command.kind, field="kind")
        async with self._uow() as uow:
            existing = await uow.requirements.find_by_term(normalise_term(command.name))
            if existing is None:
                requirement = Requirement.add(
                    RequirementId(self._ids.new_id()), command.name, kind, now, command.aliases
                )
                uow.requirements.add(requirement)
            elif existing.status is RequirementStatus.PENDING:
                requirement = existing
                requirement.approve(kind, now)
                requirement.rename(command.name, now)
                requirement.alias(command.aliases, now)
            else:
                raise AlreadyExists(f"the catalogue already has {existing.name!r}", field="name")
            uow.audit.record(_on_entry(command.actor, "add_requirement", requirement.id, now))
            await uow.commit()
        return requirement.id


class RenameRequirementHandler:
    """Give an entry a new canonical name; the old name keeps working as an alias."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: RenameRequirement) -> None:
        async with self._uow() as uow:
            requirement = await uow.requirements.get(command.requirement_id)
            now = self._clock.now()
            requirement.rename(command.name, now)
            uow.audit.record(
                _on_entry(
                    command.actor,
                    "rename_requirement",
                    requirement.id,
                    now,
                    {"name": requirement.name},
                )
            )
            await uow.commit()


class AliasRequirementHandler:
    """Teach an entry more names it answers to (e.g. "postgres" for PostgreSQL)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: AliasRequirement) -> None:
        async with self._uow() as uow:
            requirement = await uow.requirements.get(command.requirement_id)
            now = self._clock.now()
            requirement.alias(command.aliases, now)
            uow.audit.record(
                _on_entry(
                    command.actor,
                    "alias_requirement",
                    requirement.id,
                    now,
                    {"aliases": ", ".join(command.aliases)},
                )
            )
            await uow.commit()


class MergeRequirementsHandler:
    """Fold a duplicate entry into another; postings asking for it now ask for the target."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: MergeRequirements) -> None:
        now = self._clock.now()
        async with self._uow() as uow:
            source = await uow.requirements.get(command.source_id)
            target = await uow.requirements.get(command.into_id)
            earlier = await uow.requirements.merged_into(source.id)
            source.merge_into(target, now)
            for requirement in earlier:
                requirement.follow_merge(target, now)
            uow.audit.record(
                _on_entry(
                    command.actor, "merge_requirements", source.id, now, {"into": str(target.id)}
                )
            )
            await uow.commit()
