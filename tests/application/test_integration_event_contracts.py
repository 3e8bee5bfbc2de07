"""The integration events' contracts: one per domain event, each message's data valid
against its own schema, only public facts in it, and an id stable across resends."""

from __future__ import annotations

import dataclasses
import typing
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from adapters.postgres.events_codec import outbox_row
from application.integration_events import (
    CONTRACTS,
    OutboxEvent,
    UnknownEventType,
    integration_message,
)
from domain import events
from domain.events import DomainEvent

BASE = "https://jobs.example"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
REASON = "Reported by jane.doe@example.com for fake salaries"

# A plausible value of each fact, by name, where its type alone does not say enough.
SAMPLES: dict[str, Any] = {
    "country": "GB",
    "language": "en",
    "kind": "skill",
    "audience": "employer",
    "website": "https://acme.example",
    "reason": REASON,
    "title": "Secret draft title",
    "previous_status": "new",
    # Moderation's codes
    "reasons": ("new_company", "reported"),
    "rejection_reason": "scam",
    "report_reason": "expired_or_filled",
    "similarity": 0.93,
}
STATUS = {
    "CompanyReinstated": "verified",
    "RequirementAdded": "active",
    "ApplicationStatusChanged": "reviewed",
}


def _domain_event_types() -> list[type[DomainEvent]]:
    return [
        value
        for value in vars(events).values()
        if isinstance(value, type) and issubclass(value, DomainEvent) and value is not DomainEvent
    ]


def _sample(event_type: type[DomainEvent], **overrides: Any) -> DomainEvent:
    hints = typing.get_type_hints(event_type)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(event_type):
        hint = hints[f.name]
        if f.name == "status":
            values[f.name] = STATUS[event_type.__name__]
        elif f.name in SAMPLES:
            values[f.name] = SAMPLES[f.name]
        elif f.name == "version":
            values[f.name] = 3
        elif hint in (UUID, UUID | None):
            values[f.name] = uuid4()
        elif hint is datetime:
            values[f.name] = NOW
        elif hint == tuple[str, ...]:
            values[f.name] = ("postgres", "postgresql")
        else:
            values[f.name] = f"a {f.name}"
    values.update(overrides)
    return event_type(**values)


def _stored(event: DomainEvent, position: int = 1) -> OutboxEvent:
    row = outbox_row("Aggregate", event)
    return OutboxEvent(
        position,
        row["aggregate_type"],
        row["aggregate_id"],
        row["aggregate_version"],
        row["event_type"],
        row["payload"],
        row["occurred_at"],
    )


def test_every_domain_event_has_a_contract() -> None:
    assert {t.__name__ for t in _domain_event_types()} == set(CONTRACTS)


def test_topics_and_types_are_unique() -> None:
    assert len({c.topic for c in CONTRACTS.values()}) == len(CONTRACTS)
    assert all(c.type == f"jobboard.{c.topic}" for c in CONTRACTS.values())


@pytest.mark.parametrize("event_type", _domain_event_types(), ids=lambda t: t.__name__)
def test_each_message_is_a_cloudevent_whose_data_follows_its_schema(
    event_type: type[DomainEvent],
) -> None:
    event = _sample(event_type)
    contract = CONTRACTS[event_type.__name__]

    message = integration_message(_stored(event), BASE)

    body = message.body
    assert body["specversion"] == "1.0"
    assert body["type"] == contract.type
    assert body["dataschema"] == f"{BASE}/v1/events/schemas/{contract.type}/versions/1"
    assert body["subject"] == f"{contract.aggregate}/{event.aggregate_id}"
    assert datetime.fromisoformat(body["time"]) == NOW
    Draft202012Validator.check_schema(contract.schema())
    Draft202012Validator(contract.schema(), format_checker=FormatChecker()).validate(body["data"])
    assert body["data"]["aggregate_id"] == str(event.aggregate_id)
    assert body["data"]["version"] == event.version


@pytest.mark.parametrize(
    "event_type", [events.CompanySuspended, events.PostingTakenDown], ids=lambda t: t.__name__
)
def test_an_admins_free_text_reason_is_never_published(event_type: type[DomainEvent]) -> None:
    message = integration_message(_stored(_sample(event_type)), BASE)

    assert "reason" not in message.body["data"]
    assert REASON not in str(message.body)


@pytest.mark.parametrize(
    "event_type", [events.PostingDrafted, events.PostingRevised], ids=lambda t: t.__name__
)
def test_a_drafts_content_is_not_published(event_type: type[DomainEvent]) -> None:
    message = integration_message(_stored(_sample(event_type)), BASE)

    assert "Secret draft title" not in str(message.body)


def test_a_pending_proposals_name_is_withheld_and_an_active_entrys_is_not() -> None:
    pending = _sample(events.RequirementAdded, status="pending", name="Some employer text")
    active = _sample(events.RequirementAdded, name="PostgreSQL")

    assert "name" not in integration_message(_stored(pending), BASE).body["data"]
    assert integration_message(_stored(active), BASE).body["data"]["name"] == "PostgreSQL"


def test_an_api_key_event_carries_no_key_material() -> None:
    message = integration_message(_stored(_sample(events.ApiKeyIssued)), BASE)

    assert set(message.body["data"]) == {"aggregate_id", "version", "audience", "company_id"}


def test_the_message_id_is_the_aggregate_and_version_the_same_on_every_resend() -> None:
    event = _sample(events.PostingPublished)

    first = integration_message(_stored(event, position=7), BASE)
    again = integration_message(_stored(event, position=7), BASE)

    assert first.id == again.id == f"{event.aggregate_id}:{event.version}"
    assert first.body == again.body


def test_an_event_without_a_contract_is_refused() -> None:
    stored = dataclasses.replace(_stored(_sample(events.CompanyVerified)), event_type="Unknown")

    with pytest.raises(UnknownEventType):
        integration_message(stored, BASE)
