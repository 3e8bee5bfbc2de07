"""Moderation in the domain: the policy's decisions, a posting's way through review, and a
report's life."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from builders import (
    NOW,
    a_draft_posting,
    a_posting,
    a_published_posting,
    a_suspended_company,
    a_verified_company,
    later,
)
from domain.errors import CompanyCannotPublish, InvalidTransition, InvariantViolated
from domain.events import (
    PostingApproved,
    PostingRejected,
    PostingReturnedToReview,
    PostingSubmittedForReview,
    ReportDismissed,
    ReportResolved,
)
from domain.ids import PostingReportId
from domain.moderation import ModerationPolicy, RejectionReason, ReviewReason
from domain.posting import PostingStatus
from domain.posting_report import PostingReport, ReportReason, ReportStatus

POLICY = ModerationPolicy(first_postings=2, new_company_days=14, report_threshold=3)


def _reasons(**overrides: object) -> tuple[ReviewReason, ...]:
    facts: dict[str, object] = {
        "earlier_submissions": 5,
        "open_reports": 0,
        "was_rejected": False,
        "now": later(days=30),
    }
    facts.update(overrides)
    return POLICY.reasons_at_publish(a_verified_company(), **facts)  # type: ignore[arg-type]


def test_an_established_company_publishes_without_review() -> None:
    assert _reasons() == ()


@pytest.mark.parametrize(
    ("earlier", "days", "reviewed"),
    [(0, 0, True), (1, 13.9, True), (2, 1, False), (0, 14, False)],
)
def test_the_first_postings_of_a_recently_verified_company_are_reviewed(
    earlier: int, days: float, reviewed: bool
) -> None:
    reasons = _reasons(earlier_submissions=earlier, now=later(days=days))

    assert (ReviewReason.NEW_COMPANY in reasons) is reviewed


def test_no_company_is_new_when_the_window_is_zero_days() -> None:
    policy = ModerationPolicy(new_company_days=0)

    assert (
        policy.reasons_at_publish(
            a_verified_company(), earlier_submissions=0, open_reports=0, was_rejected=False, now=NOW
        )
        == ()
    )


def test_reports_at_the_threshold_and_a_rejection_are_reasons() -> None:
    assert _reasons(open_reports=2) == ()
    assert _reasons(open_reports=3) == (ReviewReason.REPORTED,)
    assert _reasons(was_rejected=True) == (ReviewReason.RESUBMITTED,)


def test_a_policy_with_no_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="report_threshold"):
        ModerationPolicy(report_threshold=0)


def test_a_publish_with_reasons_waits_in_review_and_keeps_the_validity_asked() -> None:
    company = a_verified_company()
    posting = a_draft_posting(company=company)

    posting.publish(company, NOW, later(days=30), (ReviewReason.NEW_COMPANY,))

    assert posting.status is PostingStatus.IN_REVIEW
    assert posting.published_at is None
    assert posting.valid_through == later(days=30)
    assert posting.review.submitted_at == NOW
    (event,) = posting.pull_events()
    assert isinstance(event, PostingSubmittedForReview)
    assert event.reasons == ("new_company",)


def test_an_approval_publishes_from_then_with_the_validity_asked_while_it_is_ahead() -> None:
    company = a_verified_company()
    asked = a_draft_posting(company=company)
    asked.publish(company, NOW, later(days=30), (ReviewReason.NEW_COMPANY,))
    lapsed = a_draft_posting(company=company)
    lapsed.publish(company, NOW, later(days=1), (ReviewReason.NEW_COMPANY,))

    asked.approve(company, later(days=2))
    lapsed.approve(company, later(days=2))

    assert (asked.status, asked.published_at) == (PostingStatus.PUBLISHED, later(days=2))
    assert asked.valid_through == later(days=30)
    assert lapsed.valid_through == later(days=2) + timedelta(days=60)
    assert asked.review.reasons == ()
    assert isinstance(asked.pending_events[-1], PostingApproved)


def test_a_suspended_companys_posting_cannot_be_approved() -> None:
    company = a_verified_company()
    posting = a_draft_posting(company=company)
    posting.publish(company, NOW, None, (ReviewReason.NEW_COMPANY,))
    suspended = a_suspended_company(id=company.id)

    with pytest.raises(CompanyCannotPublish):
        posting.approve(suspended, later(days=1))
    assert posting.status is PostingStatus.IN_REVIEW


@pytest.mark.parametrize("status", [s for s in PostingStatus if s is not PostingStatus.IN_REVIEW])
def test_only_a_posting_in_review_is_approved_or_rejected(status: PostingStatus) -> None:
    company = a_verified_company()
    posting = a_posting(status, company=company)

    with pytest.raises(InvalidTransition):
        posting.approve(company, later(days=1))
    with pytest.raises(InvalidTransition):
        posting.reject(RejectionReason.SCAM, "a fee to apply", later(days=1))
    assert posting.status is status


def test_a_rejected_posting_is_always_reviewed_again() -> None:
    company = a_verified_company()
    posting = a_posting(PostingStatus.IN_REVIEW, company=company)

    posting.reject(RejectionReason.INCOMPLETE, " Say where the job is. ", later(days=1))
    assert posting.status.value == "rejected"
    assert posting.review.rejection_note == "Say where the job is."
    assert isinstance(posting.pending_events[-1], PostingRejected)

    posting.publish(company, later(days=2))  # the policy gave no reason: it still waits

    assert posting.status is PostingStatus.IN_REVIEW
    assert posting.review.reasons == (ReviewReason.RESUBMITTED,)
    assert posting.review.rejection_reason is None


def test_a_rejection_needs_a_note() -> None:
    posting = a_posting(PostingStatus.IN_REVIEW)

    with pytest.raises(InvariantViolated) as refused:
        posting.reject(RejectionReason.OTHER, "   ", later(days=1))
    assert refused.value.field == "note"


def test_only_a_public_posting_returns_to_review() -> None:
    posting = a_published_posting()

    posting.return_to_review((ReviewReason.REPORTED,), later(days=1))

    assert posting.status is PostingStatus.IN_REVIEW
    assert posting.published_at == NOW  # as it was, until an approval makes it public again
    assert isinstance(posting.pending_events[-1], PostingReturnedToReview)
    with pytest.raises(InvalidTransition):
        posting.return_to_review((ReviewReason.REPORTED,), later(days=1))


def _report(posting_status: PostingStatus = PostingStatus.PUBLISHED) -> PostingReport:
    return PostingReport.file(
        PostingReportId(uuid4()),
        a_posting(posting_status),
        ReportReason.SCAM,
        "  asks for a fee  ",
        "hash-of-address",
        NOW,
    )


def test_a_report_is_filed_open_about_a_public_posting_only() -> None:
    report = _report()

    assert (report.status, report.note, report.reporter_hash) == (
        ReportStatus.OPEN,
        "asks for a fee",
        "hash-of-address",
    )
    with pytest.raises(InvariantViolated):
        _report(PostingStatus.DRAFT)


def test_a_report_is_closed_once_dismissed_or_resolved() -> None:
    dismissed, resolved = _report(), _report()

    dismissed.dismiss(later(hours=1))
    resolved.resolve(later(hours=2))

    assert (dismissed.status, dismissed.closed_at) == (ReportStatus.DISMISSED, later(hours=1))
    assert isinstance(dismissed.pending_events[-1], ReportDismissed)
    assert isinstance(resolved.pending_events[-1], ReportResolved)
    with pytest.raises(InvalidTransition):
        dismissed.resolve(later(hours=3))
