"""The implementations of the ports a contract test runs against."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from application.ports import UnitOfWork

OutboxReader = Callable[[], Awaitable[list[tuple[str, str, int]]]]


class Backend:
    """One implementation of the ports, and a way to read what reached its outbox."""

    def __init__(self, name: str, uow: Callable[[], UnitOfWork], outbox: OutboxReader) -> None:
        self.name, self.uow, self._outbox = name, uow, outbox

    async def outbox(self) -> list[tuple[str, str, int]]:
        """(event type, aggregate id, version) of every event committed so far, in order."""
        rows: list[tuple[str, str, int]] = await self._outbox()
        return rows
