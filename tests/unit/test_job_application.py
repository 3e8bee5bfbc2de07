"""The JobApplication aggregate: who applies, with what, and the employer's review."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from uuid import uuid4

import pytest

from builders import NOW, a_published_posting, a_verified_company, later, posting_details
from domain.application_method import ApplicationMethod
from domain.errors import InvalidTransition, InvariantViolated, NotAppliedOnBoard, NotFound
from domain.events import ApplicationPurged
from domain.ids import JobApplicationId
from domain.job_application import Applicant, ApplicationStatus, JobApplication, Submission
from domain.resume import ResumeFile

RESUME = ResumeFile("application/pdf", 1000)


def _submission(**overrides: object) -> Submission:
    values: dict[str, object] = {
        "cover_note": "Hello",
        "resume": RESUME,
        "resume_text": None,
        "consented_to_retention": True,
        "retention_days": 180,
    }
    values.update(overrides)
    return Submission(**values)  # type: ignore[arg-type]


def _submitted() -> JobApplication:
    company = a_verified_company()
    posting = a_published_posting(
        company=company,
        details=posting_details(application_method=ApplicationMethod.on_board()),
    )
    return JobApplication.submit(
        JobApplicationId(uuid4()),
        posting,
        company,
        Applicant("Ada", "ada@example.com"),
        _submission(),
        "digest",
        NOW,
    )


def test_an_application_starts_new_and_its_event_names_no_person() -> None:
    application = _submitted()

    assert application.status is ApplicationStatus.NEW
    (event,) = application.pending_events
    facts = repr(dataclasses.asdict(event))
    assert "Ada" not in facts and "ada@example.com" not in facts


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consented_to_retention": False}, "consent_to_retention"),
        ({"resume": None}, "resume"),
        ({"resume_text": "also text"}, "resume"),
        ({"cover_note": "x" * 10_001}, "cover_note"),
    ],
)
def test_a_submission_needs_consent_and_exactly_one_resume(
    overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(InvariantViolated) as raised:
        _submission(**overrides)
    assert raised.value.field == field


@pytest.mark.parametrize(
    ("name", "email", "phone", "field"),
    [
        ("", "ada@example.com", None, "name"),
        ("Ada", "ada", None, "email"),
        ("Ada", "ada@example.com", "call me", "phone"),
        ("Ada", "ada@example.com", "+1 2", "phone"),
    ],
)
def test_an_applicant_is_named_reachable_and_callable(
    name: str, email: str, phone: str | None, field: str
) -> None:
    with pytest.raises(InvariantViolated) as raised:
        Applicant(name, email, phone)
    assert raised.value.field == field


def test_only_a_public_posting_applied_to_on_the_board_takes_applications() -> None:
    company = a_verified_company()
    elsewhere = a_published_posting(company=company)
    on_board = a_published_posting(
        company=company, details=posting_details(application_method=ApplicationMethod.on_board())
    )
    on_board.close(later(minutes=1))
    applicant = Applicant("Ada", "ada@example.com")

    with pytest.raises(NotAppliedOnBoard):
        JobApplication.submit(
            JobApplicationId(uuid4()), elsewhere, company, applicant, _submission(), "d", NOW
        )
    with pytest.raises(NotFound):
        JobApplication.submit(
            JobApplicationId(uuid4()), on_board, company, applicant, _submission(), "d", NOW
        )


def test_the_review_goes_new_reviewed_then_shortlisted_or_rejected() -> None:
    application = _submitted()
    with pytest.raises(InvalidTransition):
        application.move_to("rejected", later(minutes=1))

    application.move_to("reviewed", later(minutes=1))
    application.move_to("shortlisted", later(minutes=2))

    assert application.status is ApplicationStatus.SHORTLISTED
    with pytest.raises(InvalidTransition):
        application.move_to("rejected", later(minutes=3))
    with pytest.raises(InvariantViolated):
        application.move_to("hired", later(minutes=3))


def test_a_withdrawn_application_is_marked_for_erasure_once() -> None:
    application = _submitted()
    application.withdraw(later(minutes=1))

    assert application.withdrawn
    with pytest.raises(InvalidTransition):
        application.withdraw(later(minutes=2))


def test_an_application_is_purged_only_once_its_retention_has_passed() -> None:
    application = _submitted()
    with pytest.raises(InvalidTransition):
        application.purge(NOW + timedelta(days=179))

    application.purge(NOW + timedelta(days=180))

    assert application.withdrawn
    assert isinstance(application.pending_events[-1], ApplicationPurged)
