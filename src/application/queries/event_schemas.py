"""The integration events' contracts, for the systems that consume them: which event types
the board publishes, under which topic, and the JSON Schema of each one's data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from application.integration_events import CONTRACTS_BY_TYPE, EventContract, schema_url
from domain.errors import NotFound


@dataclass(frozen=True, slots=True)
class ListEventSchemas:
    pass


@dataclass(frozen=True, slots=True)
class GetEventSchema:
    type: str  # a CloudEvents type, e.g. jobboard.posting.published
    version: int | None = None  # None: the current one


@dataclass(frozen=True, slots=True)
class EventSchemaView:
    type: str
    version: int
    topic: str
    description: str
    schema_url: str
    schema: dict[str, Any]


def _view(contract: EventContract, base_url: str) -> EventSchemaView:
    url = schema_url(base_url, contract)
    return EventSchemaView(
        type=contract.type,
        version=contract.version,
        topic=contract.topic,
        description=contract.description,
        schema_url=url,
        schema={"$id": url, **contract.schema()},
    )


class ListEventSchemasHandler:
    """Every integration event type the board publishes, with its current schema."""

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url

    async def __call__(self, query: ListEventSchemas) -> list[EventSchemaView]:
        return [_view(c, self._base_url) for c in sorted(CONTRACTS_BY_TYPE.values(), key=_type_of)]


class GetEventSchemaHandler:
    """One event type's schema (a version of it, or the current one), or NotFound."""

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url

    async def __call__(self, query: GetEventSchema) -> EventSchemaView:
        contract = CONTRACTS_BY_TYPE.get(query.type)
        if contract is None:
            raise NotFound(f"no integration event type {query.type!r}")
        if query.version is not None and query.version != contract.version:
            raise NotFound(f"{query.type} has no schema version {query.version}")
        return _view(contract, self._base_url)


def _type_of(contract: EventContract) -> str:
    return contract.type
