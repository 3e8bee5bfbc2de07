"""Admin care of the read models: rebuild them from the write side, and prove them right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from application.audit import Actor, AuditEntry
from application.ports import Clock


@dataclass(frozen=True, slots=True)
class Difference:
    read_model: str
    key: str  # a row's id, or a count's dimension:language:value
    problem: str  # "missing", "unexpected" or "stale"


# The audit entry of a rebuild, made from the rows it wrote to each read model.
RebuildAudit = Callable[[dict[str, int]], AuditEntry]


class ReadModelMaintenance(Protocol):
    async def rebuild(self, audit: RebuildAudit) -> dict[str, int]:
        """Recompute every read model; answers the rows written to each. The entry
        ``audit`` makes of them is written in the rebuild's own transaction."""
        ...

    async def differences(self) -> list[Difference]:
        """Where the live read models differ from a fresh rebuild (nothing changed)."""
        ...


@dataclass(frozen=True, slots=True)
class RebuildReadModels:
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class VerifyReadModels:
    pass


@dataclass(frozen=True, slots=True)
class Verification:
    consistent: bool
    differences: tuple[Difference, ...]


class RebuildReadModelsHandler:
    """Throw the read models away and recompute them from the write side."""

    def __init__(self, maintenance: ReadModelMaintenance, clock: Clock) -> None:
        self._maintenance, self._clock = maintenance, clock

    async def __call__(self, command: RebuildReadModels) -> dict[str, int]:
        now = self._clock.now()
        return await self._maintenance.rebuild(
            lambda rows: AuditEntry(command.actor, "rebuild_read_models", now, details={**rows})
        )


class VerifyReadModelsHandler:
    """Compare the live read models with what a rebuild would produce."""

    def __init__(self, maintenance: ReadModelMaintenance) -> None:
        self._maintenance = maintenance

    async def __call__(self, command: VerifyReadModels) -> Verification:
        found = tuple(await self._maintenance.differences())
        return Verification(not found, found)
