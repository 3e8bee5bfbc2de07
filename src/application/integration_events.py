"""Integration events: what the board tells other systems of each change it commits, and
the port through which a broker hears it.

Every domain event the outbox holds becomes one CloudEvents 1.0 message (structured mode:
the whole envelope is the JSON body). Its ``data`` carries only the event's public facts:
what anyone may learn from the public board or its API. Each event type's contract below
says which facts those are, under which topic it is published and what JSON Schema its
``data`` follows; the contract table is explicit, one line per domain event, so a new
event type is a decision, never a name mangled into a topic (a test holds every domain
event to having one). Free-text reasons an admin wrote (suspension, take-down), a draft's
content and anything secret stay out.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from domain.moderation import RejectionReason, ReviewReason
from domain.posting_report import ReportReason

SPEC_VERSION = "1.0"
TYPE_PREFIX = "jobboard"

# JSON Schema fragments of the facts the events carry.
_UUID: Mapping[str, Any] = {"type": "string", "format": "uuid"}
_TIME: Mapping[str, Any] = {"type": "string", "format": "date-time"}
_COUNTRY: Mapping[str, Any] = {"type": "string", "pattern": "^[A-Z]{2}$"}
_LANGUAGE: Mapping[str, Any] = {"type": "string", "pattern": "^[a-z]{2}$"}
_NAME: Mapping[str, Any] = {"type": "string", "minLength": 1}
_REQUIREMENT_KIND: Mapping[str, Any] = {
    "type": "string",
    "enum": ["skill", "language", "certification", "degree", "experience"],
}


def _always(payload: Mapping[str, Any]) -> bool:
    return True


def _active_entry(payload: Mapping[str, Any]) -> bool:
    # A proposal waiting for an admin is not listed publicly; its name is an employer's
    # free text until approved.
    return payload.get("status") == "active"


@dataclass(frozen=True, slots=True)
class EventContract:
    """One event type as other systems see it."""

    event_type: str  # the domain event's class name, as the outbox records it
    topic: str  # "posting.published": the broker's subject, under its prefix
    aggregate: str  # the resource collection the CloudEvents subject names
    description: str
    facts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # name -> schema
    # Facts carried only when the predicate holds for the payload (absent otherwise).
    only_when: Mapping[str, Callable[[Mapping[str, Any]], bool]] = field(default_factory=dict)
    version: int = 1

    @property
    def type(self) -> str:
        return f"{TYPE_PREFIX}.{self.topic}"

    def data(self, aggregate_id: UUID, version: int, payload: Mapping[str, Any]) -> dict[str, Any]:
        """The public facts of one event: its aggregate, the version it produced, and the
        facts this contract names (an outbox payload holds more for the read side)."""
        public = {
            name: payload[name]
            for name in self.facts
            if name in payload and self.only_when.get(name, _always)(payload)
        }
        return {"aggregate_id": str(aggregate_id), "version": version, **public}

    def schema(self) -> dict[str, Any]:
        """The JSON Schema (2020-12) of this event type's ``data``."""
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"{self.type} v{self.version}",
            "description": self.description,
            "type": "object",
            "properties": {
                "aggregate_id": {**_UUID, "description": f"the id of the {self.aggregate[:-1]}"},
                "version": {
                    "type": "integer",
                    "minimum": 1,
                    "description": "the aggregate version this event produced: a consumer "
                    "ignores an event whose version it has seen",
                },
                **{name: dict(schema) for name, schema in self.facts.items()},
            },
            "required": [
                "aggregate_id",
                "version",
                *(name for name in self.facts if name not in self.only_when),
            ],
            "additionalProperties": False,
        }


def _contract(
    event_type: str, topic: str, description: str, **facts: Mapping[str, Any]
) -> EventContract:
    aggregate = {
        "company": "companies",
        "posting": "postings",
        "requirement": "requirements",
        "api_key": "api-keys",
        "application": "applications",
        "report": "reports",
        "alert": "alerts",
    }[topic.split(".")[0]]
    return EventContract(event_type, topic, aggregate, description, facts)


_NULLABLE_URL: Mapping[str, Any] = {"type": ["string", "null"], "format": "uri"}
_REVIEW_REASONS: Mapping[str, Any] = {
    "type": "array",
    "items": {"type": "string", "enum": [r.value for r in ReviewReason]},
    "minItems": 1,
}

CONTRACTS: Mapping[str, EventContract] = {
    c.event_type: c
    for c in (
        _contract(
            "CompanyRegistered",
            "company.registered",
            "An employer signed up; it is pending until an admin verifies it.",
            name=_NAME,
            slug=_NAME,
            country=_COUNTRY,
        ),
        _contract(
            "CompanyProfileUpdated",
            "company.profile_updated",
            "An employer changed its public profile.",
            name=_NAME,
            website=_NULLABLE_URL,
            country=_COUNTRY,
        ),
        _contract("CompanyVerified", "company.verified", "An admin verified the company."),
        # The admin's reason is free text about the company's conduct: not public.
        _contract(
            "CompanySuspended",
            "company.suspended",
            "An admin suspended the company; its postings left the public board.",
        ),
        _contract(
            "CompanyReinstated",
            "company.reinstated",
            "An admin lifted the suspension; the company is back in the state it had.",
            status={"type": "string", "enum": ["pending", "verified"]},
        ),
        # A draft is never public: its title stays out of the drafted and revised events.
        _contract(
            "PostingDrafted",
            "posting.drafted",
            "An employer drafted a posting (not public).",
            company_id=_UUID,
            language=_LANGUAGE,
        ),
        _contract(
            "PostingRevised",
            "posting.revised",
            "A posting got a new version; read it from the public API when it is published.",
            company_id=_UUID,
            language=_LANGUAGE,
        ),
        _contract(
            "PostingPublished",
            "posting.published",
            "A posting went on the public board until valid_through.",
            company_id=_UUID,
            published_at=_TIME,
            valid_through=_TIME,
        ),
        _contract(
            "PostingClosed",
            "posting.closed",
            "The employer closed the posting; it left the public board.",
            company_id=_UUID,
        ),
        _contract(
            "PostingExpired",
            "posting.expired",
            "The posting passed valid_through and left the public board.",
            company_id=_UUID,
            valid_through=_TIME,
        ),
        # The admin's reason is free text: not public.
        _contract(
            "PostingTakenDown",
            "posting.taken_down",
            "An admin took the posting down; it left the public board.",
            company_id=_UUID,
        ),
        # Near-duplicates: which public posting it resembles and how closely, for a
        # moderation service; neither ad's text.
        _contract(
            "PostingFlaggedAsPossibleClone",
            "posting.flagged_as_possible_clone",
            "At publish, the posting's ad was nearly another company's public posting; "
            "it is flagged for review, not refused.",
            company_id=_UUID,
            original_posting_id=_UUID,
            original_company_id=_UUID,
            similarity={"type": "number", "minimum": 0, "maximum": 1},
        ),
        EventContract(
            "RequirementAdded",
            "requirement.added",
            "requirements",
            "A requirement entered the catalogue: active at once (an admin's), or pending "
            "an admin's approval (an employer's proposal, whose name is then withheld).",
            {
                "name": _NAME,
                "kind": _REQUIREMENT_KIND,
                "status": {"type": "string", "enum": ["pending", "active"]},
            },
            {"name": _active_entry},
        ),
        _contract(
            "RequirementApproved",
            "requirement.approved",
            "An admin approved a proposed requirement; it is in the public catalogue.",
            kind=_REQUIREMENT_KIND,
        ),
        _contract(
            "RequirementRenamed",
            "requirement.renamed",
            "An admin renamed a catalogue entry.",
            name=_NAME,
            previous_name=_NAME,
        ),
        _contract(
            "RequirementAliased",
            "requirement.aliased",
            "An admin gave a catalogue entry other names it answers to.",
            aliases={"type": "array", "items": _NAME},
        ),
        _contract(
            "RequirementsMerged",
            "requirement.merged",
            "An admin folded this entry into another; postings asking for it ask for that one.",
            into=_UUID,
        ),
        # Which company holds keys is an operational fact; the key and its hash never leave.
        _contract(
            "ApiKeyIssued",
            "api_key.issued",
            "An API key was issued (for an employer's company, or an admin key).",
            audience={"type": "string", "enum": ["employer", "admin"]},
            company_id={"type": ["string", "null"], "format": "uuid"},
        ),
        _contract("ApiKeyRevoked", "api_key.revoked", "An API key was revoked."),
        # Applications carry ids and states only: who applied never leaves the board.
        _contract(
            "ApplicationSubmitted",
            "application.submitted",
            "A candidate applied to a posting on the board.",
            posting_id=_UUID,
            company_id=_UUID,
        ),
        _contract(
            "ApplicationStatusChanged",
            "application.status_changed",
            "The employer moved an application along its review.",
            posting_id=_UUID,
            status={"type": "string", "enum": ["new", "reviewed", "shortlisted", "rejected"]},
            previous_status={
                "type": "string",
                "enum": ["new", "reviewed", "shortlisted", "rejected"],
            },
        ),
        _contract(
            "ApplicationWithdrawn",
            "application.withdrawn",
            "The candidate withdrew the application; it and its resume were erased.",
            posting_id=_UUID,
        ),
        # Moderation: codes and ids only; an admin's note and a reporter's note and
        # address stay on the board.
        _contract(
            "PostingSubmittedForReview",
            "posting.submitted_for_review",
            "Its employer published the posting; it waits for an admin's review (not public).",
            company_id=_UUID,
            reasons=_REVIEW_REASONS,
        ),
        _contract(
            "PostingReturnedToReview",
            "posting.returned_to_review",
            "The posting left the public board to wait for an admin's review (reported).",
            company_id=_UUID,
            reasons=_REVIEW_REASONS,
        ),
        _contract(
            "PostingApproved",
            "posting.approved",
            "An admin approved the posting: it went on the public board at published_at.",
            company_id=_UUID,
            published_at=_TIME,
            valid_through=_TIME,
        ),
        _contract(
            "PostingRejected",
            "posting.rejected",
            "An admin rejected the posting in review; its employer may revise and resubmit.",
            company_id=_UUID,
            rejection_reason={"type": "string", "enum": [r.value for r in RejectionReason]},
        ),
        _contract(
            "PostingReported",
            "report.filed",
            "Someone reported a public posting.",
            posting_id=_UUID,
            company_id=_UUID,
            report_reason={"type": "string", "enum": [r.value for r in ReportReason]},
        ),
        _contract(
            "ReportDismissed",
            "report.dismissed",
            "An admin dismissed the report.",
            posting_id=_UUID,
        ),
        _contract(
            "ReportResolved",
            "report.resolved",
            "The posting reported was taken down; the report is resolved.",
            posting_id=_UUID,
        ),
        _contract(
            "ApplicationPurged",
            "application.purged",
            "The application was kept past its retention period and erased.",
            posting_id=_UUID,
        ),
        # Job alerts: the alert's id only; its address and search never leave the board.
        _contract("AlertRequested", "alert.requested", "Someone asked for a job alert."),
        _contract("AlertConfirmed", "alert.confirmed", "A job alert was confirmed by email."),
        _contract("AlertUnsubscribed", "alert.unsubscribed", "A job alert was unsubscribed."),
        _contract("AlertExpired", "alert.expired", "A job alert was never confirmed."),
    )
}
CONTRACTS_BY_TYPE: Mapping[str, EventContract] = {c.type: c for c in CONTRACTS.values()}


def schema_url(base_url: str, contract: EventContract) -> str:
    """Where the board serves the contract's schema: the CloudEvents ``dataschema``."""
    return f"{base_url}/v1/events/schemas/{contract.type}/versions/{contract.version}"


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    """An event as the outbox holds it: its position (the outbox's order) and its facts."""

    position: int
    aggregate_type: str
    aggregate_id: UUID
    aggregate_version: int
    event_type: str
    payload: Mapping[str, Any]
    occurred_at: datetime


@dataclass(frozen=True, slots=True)
class IntegrationMessage:
    """One event ready for a broker."""

    id: str  # stable across resends (the broker's de-duplication id, the CloudEvents id)
    topic: str  # the broker puts its own prefix in front
    body: Mapping[str, Any]  # the CloudEvents envelope, data included
    position: int  # the outbox position it came from


class UnknownEventType(Exception):
    """An outbox event with no contract: a domain event was added without deciding what
    other systems may learn of it."""


def integration_message(event: OutboxEvent, base_url: str) -> IntegrationMessage:
    """The CloudEvents message of one outbox event; ``base_url`` is the board's public
    address (the events' ``source``, and where their schemas are served)."""
    contract = CONTRACTS.get(event.event_type)
    if contract is None:
        raise UnknownEventType(f"no integration contract for {event.event_type}")
    message_id = f"{event.aggregate_id}:{event.aggregate_version}"
    return IntegrationMessage(
        id=message_id,
        topic=contract.topic,
        body={
            "specversion": SPEC_VERSION,
            "id": message_id,
            "source": base_url,
            "type": contract.type,
            "subject": f"{contract.aggregate}/{event.aggregate_id}",
            "time": event.occurred_at.isoformat(),
            "datacontenttype": "application/json",
            "dataschema": schema_url(base_url, contract),
            "data": contract.data(event.aggregate_id, event.aggregate_version, event.payload),
        },
        position=event.position,
    )


class EventPublisher(Protocol):
    """A broker that stores integration messages (NATS JetStream; Kafka would be another
    adapter of this port)."""

    async def publish(self, messages: Sequence[IntegrationMessage]) -> Collection[str]:
        """Send the batch, in order; answer the ids of the messages the broker
        acknowledged as stored. A message it did not acknowledge is sent again later, so
        the broker must de-duplicate by id."""
        ...

    async def close(self) -> None: ...
