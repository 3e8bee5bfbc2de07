"""Admin care of the read models: rebuild them from the write side, and prove them right."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Difference:
    read_model: str
    key: str  # a row's id, or a count's dimension:language:value
    problem: str  # "missing", "unexpected" or "stale"


class ReadModelMaintenance(Protocol):
    async def rebuild(self) -> dict[str, int]:
        """Recompute every read model; answers the rows written to each."""
        ...

    async def differences(self) -> list[Difference]:
        """Where the live read models differ from a fresh rebuild (nothing changed)."""
        ...


@dataclass(frozen=True, slots=True)
class RebuildReadModels:
    pass


@dataclass(frozen=True, slots=True)
class VerifyReadModels:
    pass


@dataclass(frozen=True, slots=True)
class Verification:
    consistent: bool
    differences: tuple[Difference, ...]


class RebuildReadModelsHandler:
    """Throw the read models away and recompute them from the write side."""

    def __init__(self, maintenance: ReadModelMaintenance) -> None:
        self._maintenance = maintenance

    async def __call__(self, command: RebuildReadModels) -> dict[str, int]:
        return await self._maintenance.rebuild()


class VerifyReadModelsHandler:
    """Compare the live read models with what a rebuild would produce."""

    def __init__(self, maintenance: ReadModelMaintenance) -> None:
        self._maintenance = maintenance

    async def __call__(self, command: VerifyReadModels) -> Verification:
        found = tuple(await self._maintenance.differences())
        return Verification(not found, found)
