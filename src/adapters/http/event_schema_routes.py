"""The integration events' schemas, for the systems that consume the board's events."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.params import FromPath

from adapters.http.dependencies import Jobboard
from adapters.http.openapi_operations import BoardOperation
from adapters.http.problem_docs import PUBLIC_ONE, PUBLIC_READ
from application.queries.event_schemas import EventSchemaView, GetEventSchema, ListEventSchemas

SCHEMA_MEDIA_TYPE = "application/schema+json"


def _listed(view: EventSchemaView) -> dict[str, Any]:
    return {
        "type": view.type,
        "version": view.version,
        "topic": view.topic,
        "description": view.description,
        "schema_url": view.schema_url,
    }


class EventSchemaController(Controller):
    path = "/v1/events/schemas"
    tags = ["integration events"]

    @get(
        "/",
        operation_id="listEventSchemas",
        operation_class=BoardOperation,
        summary="The integration event types and their schemas",
        responses=PUBLIC_READ,
    )
    async def list_schemas(self, jobboard: Jobboard) -> dict[str, list[dict[str, Any]]]:
        """Every CloudEvents type the board publishes to its broker (NATS JetStream subject
        ``<prefix>.<topic>``), with its schema version and where the JSON Schema of its
        ``data`` is (the messages' ``dataschema``)."""
        views = await jobboard.queries.list_event_schemas(ListEventSchemas())
        return {"event_types": [_listed(v) for v in views]}

    @get(
        "/{event_type:str}",
        operation_id="getEventSchema",
        operation_class=BoardOperation,
        summary="The current JSON Schema of an event type's data",
        responses=PUBLIC_ONE,
        media_type=SCHEMA_MEDIA_TYPE,
    )
    async def current_schema(
        self, jobboard: Jobboard, event_type: FromPath[str]
    ) -> Response[dict[str, Any]]:
        """The JSON Schema (2020-12) of the newest version of ``event_type``; 404 when the
        board publishes no such type."""
        view = await jobboard.queries.get_event_schema(GetEventSchema(event_type))
        return Response(view.schema, media_type=SCHEMA_MEDIA_TYPE)

    @get(
        "/{event_type:str}/versions/{version:int}",
        operation_id="getEventSchemaVersion",
        operation_class=BoardOperation,
        summary="One version of an event type's data schema",
        responses=PUBLIC_ONE,
        media_type=SCHEMA_MEDIA_TYPE,
    )
    async def versioned_schema(
        self, jobboard: Jobboard, event_type: FromPath[str], version: FromPath[int]
    ) -> Response[dict[str, Any]]:
        """The JSON Schema a message's ``dataschema`` names; 404 for an unknown version."""
        view = await jobboard.queries.get_event_schema(GetEventSchema(event_type, version))
        return Response(view.schema, media_type=SCHEMA_MEDIA_TYPE)
