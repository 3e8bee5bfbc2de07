"""The base every aggregate shares: identity, version and the events it records."""

from __future__ import annotations

from typing import Generic, TypeVar
from uuid import UUID

from domain.events import DomainEvent

IdT = TypeVar("IdT", bound=UUID)


class Aggregate(Generic[IdT]):
    """An aggregate root.

    ``version`` counts the events the aggregate has ever produced; each recorded
    event carries the version it produced. A repository remembers the version it
    loaded, so a save can tell whether another writer got there first.
    """

    def __init__(self, id: IdT, version: int) -> None:
        self._id = id
        self._version = version
        self._pending: list[DomainEvent] = []

    @property
    def id(self) -> IdT:
        return self._id

    @property
    def version(self) -> int:
        return self._version

    @property
    def next_version(self) -> int:
        return self._version + 1

    @property
    def pending_events(self) -> tuple[DomainEvent, ...]:
        return tuple(self._pending)

    def pull_events(self) -> list[DomainEvent]:
        """Hand the recorded events over (to the unit of work) and forget them."""
        events, self._pending = self._pending, []
        return events

    def _record(self, event: DomainEvent) -> None:
        if event.aggregate_id != self._id or event.version != self._version + 1:
            raise AssertionError("an event must follow the aggregate's current version")
        self._version = event.version
        self._pending.append(event)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and isinstance(other, Aggregate) and other.id == self.id

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._id))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._id} v{self._version}>"
