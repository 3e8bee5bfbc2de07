"""The JobApplication aggregate: a candidate's application to a posting applied to on the
board, from submission through the employer's review, or its withdrawal.

(Named so, not ``Application``, beside the ``application`` layer of this codebase.)"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from domain.aggregate import Aggregate
from domain.application_method import ApplicationKind
from domain.company import Company
from domain.email_address import email_address
from domain.errors import InvalidTransition, NotAppliedOnBoard, NotFound
from domain.events import (
    ApplicationPurged,
    ApplicationStatusChanged,
    ApplicationSubmitted,
    ApplicationWithdrawn,
)
from domain.guards import clean_text, member, require
from domain.ids import CompanyId, JobApplicationId, PostingId
from domain.posting import Posting, PostingStatus
from domain.resume import ResumeFile
from domain.screening import Answer, ScreeningAnswer, checked_answers

_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,28}[0-9]$")
MAX_COVER_NOTE = 10_000
MAX_RESUME_TEXT = 50_000


class ApplicationStatus(StrEnum):
    NEW = "new"
    REVIEWED = "reviewed"
    SHORTLISTED = "shortlisted"
    REJECTED = "rejected"


# The employer's review: read it first, then shortlist or reject it.
MOVES: dict[ApplicationStatus, frozenset[ApplicationStatus]] = {
    ApplicationStatus.NEW: frozenset({ApplicationStatus.REVIEWED}),
    ApplicationStatus.REVIEWED: frozenset(
        {ApplicationStatus.SHORTLISTED, ApplicationStatus.REJECTED}
    ),
    ApplicationStatus.SHORTLISTED: frozenset(),
    ApplicationStatus.REJECTED: frozenset(),
}


@dataclass(frozen=True, slots=True)
class Applicant:
    """Who applies. Personal data: shown to the posting's employer only, never logged, never
    in an event."""

    name: str
    email: str
    phone: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_text(self.name, field="name", max_length=200))
        object.__setattr__(self, "email", email_address(self.email, field="email"))
        if self.phone is not None:
            phone = self.phone.strip() or None
            require(
                phone is None or _PHONE.match(phone) is not None,
                "phone must be a phone number: digits, spaces, ( ) . / - and a leading +",
                field="phone",
            )
            object.__setattr__(self, "phone", phone)

    @property
    def email_key(self) -> str:
        """The address as the one-application-per-address rule compares it."""
        return self.email.lower()


@dataclass(frozen=True, slots=True)
class Submission:
    """What the candidate sends besides who they are: a résumé (a file, or text) and a
    cover note, with their consent to the board keeping it for ``retention_days``."""

    cover_note: str
    resume: ResumeFile | None
    resume_text: str | None
    consented_to_retention: bool
    retention_days: int
    # The answers to the posting's screening questions, checked against them on submitting.
    answers: tuple[ScreeningAnswer, ...] = ()

    def __post_init__(self) -> None:
        note = clean_text(
            self.cover_note, field="cover_note", max_length=MAX_COVER_NOTE, allow_empty=True
        )
        object.__setattr__(self, "cover_note", note)
        text = self.resume_text
        if text is not None:
            text = clean_text(text, field="resume_text", max_length=MAX_RESUME_TEXT) or None
            object.__setattr__(self, "resume_text", text)
        require(
            (self.resume is None) != (text is None),
            "send a resume file or resume_text, exactly one of them",
            field="resume",
        )
        require(
            self.consented_to_retention is True,
            f"consent_to_retention must be true: the board keeps an application for "
            f"{self.retention_days} days",
            field="consent_to_retention",
        )
        require(self.retention_days > 0, "retention_days must be positive", field="retention")


def ensure_open_for_board_applications(posting: Posting, company: Company, now: datetime) -> None:
    """Candidates apply on the board to a public posting that takes board applications: one
    not public is NotFound (as its detail is), one applied to elsewhere NotAppliedOnBoard."""
    public = (
        posting.status is PostingStatus.PUBLISHED
        and not posting.is_past_validity(now)
        and company.can_publish
    )
    if not public:
        raise NotFound(f"posting {posting.id} not found")
    method = posting.details.application_method
    if method is None or method.kind is not ApplicationKind.BOARD:
        raise NotAppliedOnBoard(
            "this posting is not applied to on the board; see its application_method",
            field="application_method",
        )


class JobApplication(Aggregate[JobApplicationId]):
    def __init__(
        self,
        *,
        id: JobApplicationId,
        posting_id: PostingId,
        company_id: CompanyId,
        applicant: Applicant,
        submission: Submission,
        withdraw_token_hash: str,
        status: ApplicationStatus,
        submitted_at: datetime,
        updated_at: datetime,
        version: int,
    ) -> None:
        super().__init__(id, version)
        self._posting_id, self._company_id = posting_id, company_id
        self._applicant, self._submission = applicant, submission
        self._withdraw_token_hash = withdraw_token_hash
        self._status = status
        self._submitted_at, self._updated_at = submitted_at, updated_at
        self._withdrawn = False

    @classmethod
    def submit(
        cls,
        id: JobApplicationId,
        posting: Posting,
        company: Company,
        applicant: Applicant,
        submission: Submission,
        withdraw_token_hash: str,
        now: datetime,
        answers: Mapping[str, Answer] | None = None,
    ) -> JobApplication:
        """A new application to a posting open for board applications, its ``answers``
        checked against the posting's screening questions (InvalidAnswers naming each
        bad one)."""
        ensure_open_for_board_applications(posting, company, now)
        checked = checked_answers(posting.details.screening_questions, answers or {})
        submission = replace(submission, answers=checked)
        application = cls(
            id=id,
            posting_id=posting.id,
            company_id=posting.company_id,
            applicant=applicant,
            submission=submission,
            withdraw_token_hash=withdraw_token_hash,
            status=ApplicationStatus.NEW,
            submitted_at=now,
            updated_at=now,
            version=0,
        )
        application._record(
            ApplicationSubmitted(id, application.next_version, now, posting.id, posting.company_id)
        )
        return application

    @property
    def posting_id(self) -> PostingId:
        return self._posting_id

    @property
    def company_id(self) -> CompanyId:
        return self._company_id

    @property
    def applicant(self) -> Applicant:
        return self._applicant

    @property
    def submission(self) -> Submission:
        return self._submission

    @property
    def withdraw_token_hash(self) -> str:
        return self._withdraw_token_hash

    @property
    def status(self) -> ApplicationStatus:
        return self._status

    @property
    def submitted_at(self) -> datetime:
        return self._submitted_at

    @property
    def updated_at(self) -> datetime:
        return self._updated_at

    @property
    def withdrawn(self) -> bool:
        """Withdrawn by its candidate, or purged: saving it erases it and its file."""
        return self._withdrawn

    @property
    def kept_until(self) -> datetime:
        return self._submitted_at + timedelta(days=self._submission.retention_days)

    def purge(self, now: datetime) -> None:
        """Erase an application kept for the retention period its candidate consented to."""
        if self._withdrawn:
            raise InvalidTransition("the application is already erased")
        if now < self.kept_until:
            raise InvalidTransition("the application is still within its retention period")
        self._withdrawn = True
        self._record(ApplicationPurged(self.id, self.next_version, now, self._posting_id))

    def move_to(self, status: str, now: datetime) -> None:
        """The employer's review: new -> reviewed -> shortlisted or rejected."""
        target = member(ApplicationStatus, status, field="status")
        if target not in MOVES[self._status]:
            raise InvalidTransition(f"a {self._status} application cannot become {target}")
        previous, self._status, self._updated_at = self._status, target, now
        self._record(
            ApplicationStatusChanged(
                self.id, self.next_version, now, self._posting_id, target.value, previous.value
            )
        )

    def withdraw(self, now: datetime) -> None:
        """The candidate takes the application back; nothing of it is kept."""
        if self._withdrawn:
            raise InvalidTransition("the application is already withdrawn")
        self._withdrawn = True
        self._record(ApplicationWithdrawn(self.id, self.next_version, now, self._posting_id))
