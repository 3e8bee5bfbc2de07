"""What the employer of a posting sees of its applications (and only that employer)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.job_application import JobApplication


@dataclass(frozen=True, slots=True)
class ResumeView:
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class ScreeningAnswerView:
    """An answer with its question as the candidate saw it: text (str), yes_no (bool),
    single_choice (str) or multi_choice (a list of str)."""

    question_id: str
    question: str
    kind: str
    answer: str | bool | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class JobApplicationView:
    id: UUID
    posting_id: UUID
    status: str
    name: str
    email: str
    phone: str | None
    cover_note: str
    resume: ResumeView | None
    resume_text: str | None
    retention_days: int
    submitted_at: datetime
    updated_at: datetime
    version: int
    answers: tuple[ScreeningAnswerView, ...] = ()


@dataclass(frozen=True, slots=True)
class ResumeDownload:
    content_type: str
    data: bytes


def job_application_view(application: JobApplication) -> JobApplicationView:
    applicant, submission = application.applicant, application.submission
    resume = submission.resume
    return JobApplicationView(
        id=application.id,
        posting_id=application.posting_id,
        status=application.status.value,
        name=applicant.name,
        email=applicant.email,
        phone=applicant.phone,
        cover_note=submission.cover_note,
        resume=ResumeView(resume.content_type, resume.size) if resume else None,
        resume_text=submission.resume_text,
        retention_days=submission.retention_days,
        submitted_at=application.submitted_at,
        updated_at=application.updated_at,
        version=application.version,
        answers=tuple(
            ScreeningAnswerView(a.question_id, a.question, a.kind.value, a.answer)
            for a in submission.answers
        ),
    )
