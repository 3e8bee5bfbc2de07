"""Integration events end to end: a board's story told over HTTP, relayed to the real NATS
server, and every message the stream holds checked against the schema the board serves
for its type (``GET /v1/events/schemas``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urlsplit
from uuid import UUID

import httpx
import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from application.commands.requirement_catalogue import MergeRequirements, RenameRequirement
from application.integration_events import CONTRACTS
from builders import AN_ADMIN
from domain.ids import RequirementId
from e2e.board import assert_problem, draft, published, sign_up, suspend, verify
from e2e_support import admin_bearer, board_client
from nats_support import (
    StreamPlace,
    a_unique_place,
    delete_stream,
    shared_nats_answers,
    stream_messages,
)

pytestmark = pytest.mark.skipif(not shared_nats_answers(), reason="no NATS on 127.0.0.1:4222")

TAKE_DOWN_REASON = "Copied from a competitor, reported by someone@example.com"

# What every message's envelope must be: CloudEvents 1.0, structured mode, as we send it.
ENVELOPE = {
    "type": "object",
    "required": [
        "specversion", "id", "source", "type", "subject", "time", "datacontenttype",
        "dataschema", "data",
    ],
    "properties": {
        "specversion": {"const": "1.0"},
        "id": {"type": "string", "pattern": "^[0-9a-f-]{36}:[1-9][0-9]*$"},
        "source": {"type": "string", "format": "uri"},
        "type": {"type": "string", "pattern": "^jobboard\\.[a-z_]+\\.[a-z_]+$"},
        "subject": {"type": "string", "pattern": "^[a-z-]+/[0-9a-f-]{36}$"},
        "time": {"type": "string", "format": "date-time"},
        "datacontenttype": {"const": "application/json"},
        "dataschema": {"type": "string", "format": "uri"},
        "data": {"type": "object"},
    },
    "additionalProperties": False,
}  # fmt: skip


@pytest.fixture
async def place() -> AsyncIterator[StreamPlace]:
    place = a_unique_place()
    yield place
    await delete_stream(place)


@pytest.fixture
async def container(
    database_url: str, clean_database: AsyncEngine, place: StreamPlace
) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        projector_poll_seconds=0.2,
        nats_url=place.url,
        nats_stream=place.stream,
        nats_subject_prefix=place.prefix,
        public_base_url="https://jobs.example",
    )
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with board_client(container) as client:
        yield client


async def _a_board_story(client: httpx.AsyncClient, container: Container) -> None:
    """Most kinds of event the board records, through its HTTP API."""
    admin = await admin_bearer(container)
    employer = await sign_up(client, "Event Story Ltd")
    updated = await client.patch(
        "/v1/employer/company",
        json={"website": "https://event-story.example"},
        headers=employer.headers,
    )
    assert updated.status_code == 200, updated.text
    await verify(client, admin, employer)
    # An employer's new requirement name is a pending proposal until an admin adds it.
    proposing = await draft(
        client, employer, requirements=[{"name": "Quantum Basket Weaving", "importance": "must"}]
    )
    revised = await client.patch(
        f"/v1/employer/postings/{proposing.json()['id']}",
        json={"title": "Weaver (revised)"},
        headers={**employer.headers, "If-Match": proposing.headers["ETag"]},
    )
    assert revised.status_code == 200, revised.text
    approved = await client.post(
        "/v1/admin/requirements",
        json={"name": "Quantum Basket Weaving", "kind": "skill"},
        headers=admin,
    )
    assert approved.status_code in (200, 201), approved.text
    closed = await published(client, employer)
    response = await client.post(f"/v1/employer/postings/{closed}/close", headers=employer.headers)
    assert response.status_code == 200, response.text
    taken_down = await published(client, employer)
    response = await client.post(
        f"/v1/admin/postings/{taken_down}/take-down",
        json={"reason": TAKE_DOWN_REASON},
        headers=admin,
    )
    assert response.status_code == 200, response.text
    await suspend(client, admin, employer)
    response = await client.post(
        f"/v1/admin/companies/{employer.company_id}/reinstate", headers=admin
    )
    assert response.status_code == 200, response.text
    key = await client.post("/v1/employer/api-keys", headers=employer.headers)
    assert key.status_code == 201, key.text
    revoked = await client.delete(
        f"/v1/employer/api-keys/{key.json()['id']}", headers=employer.headers
    )
    assert revoked.status_code in (200, 204), revoked.text
    # The catalogue's curation, through the use cases the admin routes call.
    commands = container.application().commands
    kafka = await client.post(
        "/v1/admin/requirements", json={"name": "Kafka", "kind": "skill"}, headers=admin
    )
    streams = await client.post(
        "/v1/admin/requirements", json={"name": "Kafka Streams", "kind": "skill"}, headers=admin
    )
    kafka_id = RequirementId(UUID(kafka.json()["id"]))
    aliased = await client.post(
        f"/v1/admin/requirements/{kafka_id}/aliases", json={"aliases": ["apache kafka"]},
        headers=admin,
    )  # fmt: skip
    assert aliased.status_code == 200, aliased.text
    await commands.rename_requirement(RenameRequirement(kafka_id, "Apache Kafka", actor=AN_ADMIN))
    await commands.merge_requirements(
        MergeRequirements(RequirementId(UUID(streams.json()["id"])), kafka_id, actor=AN_ADMIN)
    )


def _path(url: str) -> str:
    return urlsplit(url).path


async def test_every_published_message_follows_the_schema_served_for_its_type(
    client: httpx.AsyncClient, container: Container, place: StreamPlace
) -> None:
    await _a_board_story(client, container)
    await container.relay().drain()
    stored = await stream_messages(place)

    schemas: dict[str, Draft202012Validator] = {}
    for message in stored:
        body = message.body
        Draft202012Validator(ENVELOPE, format_checker=FormatChecker()).validate(body)
        assert body["source"] == "https://jobs.example"
        if body["dataschema"] not in schemas:
            served = await client.get(_path(body["dataschema"]))
            assert served.status_code == 200, served.text
            assert served.headers["content-type"].startswith("application/schema+json")
            schema = served.json()
            assert schema["$id"] == body["dataschema"]
            Draft202012Validator.check_schema(schema)
            schemas[body["dataschema"]] = Draft202012Validator(
                schema, format_checker=FormatChecker()
            )
        schemas[body["dataschema"]].validate(body["data"])
        assert TAKE_DOWN_REASON not in message.subject + str(body)

    types = {m.body["type"] for m in stored}
    assert len(stored) >= 25
    assert types >= {
        "jobboard.company.registered",
        "jobboard.company.profile_updated",
        "jobboard.company.verified",
        "jobboard.company.suspended",
        "jobboard.company.reinstated",
        "jobboard.posting.drafted",
        "jobboard.posting.revised",
        "jobboard.posting.published",
        "jobboard.posting.closed",
        "jobboard.posting.taken_down",
        "jobboard.requirement.added",
        "jobboard.requirement.approved",
        "jobboard.requirement.renamed",
        "jobboard.requirement.aliased",
        "jobboard.requirement.merged",
        "jobboard.api_key.issued",
        "jobboard.api_key.revoked",
    }
    # The pending proposal's name (an employer's free text) is withheld until approved.
    added = [m.body["data"] for m in stored if m.body["type"] == "jobboard.requirement.added"]
    assert all(("name" in data) == (data["status"] == "active") for data in added)
    assert any(data["status"] == "pending" for data in added)


async def test_the_schema_list_names_every_event_type_and_where_its_schema_is(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/v1/events/schemas")

    assert response.status_code == 200
    listed = response.json()["event_types"]
    assert {e["type"] for e in listed} == {c.type for c in CONTRACTS.values()}
    for entry in listed:
        assert entry["version"] == 1
        assert entry["schema_url"] == (
            f"https://jobs.example/v1/events/schemas/{entry['type']}/versions/1"
        )
        current = await client.get(f"/v1/events/schemas/{entry['type']}")
        versioned = await client.get(_path(entry["schema_url"]))
        assert current.status_code == versioned.status_code == 200
        assert current.json() == versioned.json()
        assert current.json()["type"] == "object"


@pytest.mark.parametrize(
    "path",
    [
        "/v1/events/schemas/jobboard.posting.vanished",
        "/v1/events/schemas/jobboard.posting.published/versions/7",
    ],
)
async def test_an_unknown_event_type_or_version_is_a_404_problem(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)

    assert_problem(response, 404, "not-found")
