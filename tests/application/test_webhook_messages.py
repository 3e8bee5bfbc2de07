"""What an outbox event becomes for webhook receivers: its type, its company, the subject
it is ordered by, and public facts only."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from application.integration_events import OutboxEvent
from application.webhooks.messages import webhook_message
from domain.webhook import WebhookEventType

AT = datetime(2026, 12, 1, tzinfo=UTC)
POSTING, COMPANY, APPLICATION = UUID(int=1), UUID(int=2), UUID(int=3)


def _event(
    aggregate_type: str, aggregate_id: UUID, event_type: str, **payload: object
) -> OutboxEvent:
    return OutboxEvent(7, aggregate_type, aggregate_id, 3, event_type, payload, AT)


def test_a_posting_event_names_its_company_and_is_ordered_by_the_posting() -> None:
    message = webhook_message(_event("Posting", POSTING, "PostingClosed", company_id=str(COMPANY)))

    assert message is not None
    assert message.event_type is WebhookEventType.POSTING_CLOSED
    assert message.company_id == COMPANY
    assert message.subject == POSTING
    assert message.body["type"] == "posting.closed"
    assert message.body["id"] == f"{POSTING}:3"
    assert message.body["data"] == {
        "aggregate_id": str(POSTING),
        "version": 3,
        "company_id": str(COMPANY),
    }


def test_an_admin_reason_never_leaves_in_a_webhook() -> None:
    message = webhook_message(
        _event("Company", COMPANY, "CompanySuspended", reason="fraud reported by ana@example.com")
    )

    assert message is not None
    assert message.company_id == COMPANY
    assert "ana@example.com" not in str(message.body)


def test_an_application_is_received_in_line_with_its_posting() -> None:
    message = webhook_message(
        _event(
            "JobApplication",
            APPLICATION,
            "ApplicationSubmitted",
            posting_id=str(POSTING),
            company_id=str(COMPANY),
        )
    )

    assert message is not None
    assert message.event_type is WebhookEventType.APPLICATION_RECEIVED
    assert message.subject == POSTING
    assert message.company_id == COMPANY


def test_a_posting_approved_out_of_review_is_published_for_receivers() -> None:
    message = webhook_message(
        _event(
            "Posting",
            POSTING,
            "PostingApproved",
            company_id=str(COMPANY),
            published_at=AT.isoformat(),
            valid_through=AT.isoformat(),
        )
    )

    assert message is not None
    assert message.event_type is WebhookEventType.POSTING_PUBLISHED
    assert message.body["type"] == "posting.published"
    assert message.body["data"]["published_at"] == AT.isoformat()


def test_events_outside_the_catalogue_make_no_webhook() -> None:
    assert webhook_message(_event("Posting", POSTING, "PostingDrafted")) is None
    assert webhook_message(_event("Requirement", POSTING, "RequirementAdded")) is None
