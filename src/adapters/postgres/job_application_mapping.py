"""Rows <-> JobApplication aggregates, written out by hand (as adapters.postgres.mapping)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import RowMapping

from domain.ids import CompanyId, JobApplicationId, PostingId
from domain.job_application import Applicant, ApplicationStatus, JobApplication, Submission
from domain.resume import ResumeFile
from domain.screening import Answer, QuestionKind, ScreeningAnswer


def job_application_to_row(application: JobApplication) -> dict[str, Any]:
    applicant, submission = application.applicant, application.submission
    resume = submission.resume
    return {
        "id": application.id,
        "posting_id": application.posting_id,
        "company_id": application.company_id,
        "name": applicant.name,
        "email": applicant.email,
        "email_key": applicant.email_key,
        "phone": applicant.phone,
        "cover_note": submission.cover_note,
        "resume_content_type": resume.content_type if resume else None,
        "resume_size": resume.size if resume else None,
        "resume_text": submission.resume_text,
        "retention_days": submission.retention_days,
        "withdraw_token_hash": application.withdraw_token_hash,
        "status": application.status.value,
        "submitted_at": application.submitted_at,
        "updated_at": application.updated_at,
        "version": application.version,
        "answers": [
            {
                "question_id": a.question_id,
                "question": a.question,
                "kind": a.kind.value,
                "answer": list(a.answer) if isinstance(a.answer, tuple) else a.answer,
            }
            for a in submission.answers
        ],
    }


def _answer(value: Any) -> Answer:
    return tuple(value) if isinstance(value, list) else value


def job_application_from_row(row: RowMapping) -> JobApplication:
    resume = (
        ResumeFile(row["resume_content_type"], row["resume_size"])
        if row["resume_content_type"]
        else None
    )
    return JobApplication(
        id=JobApplicationId(row["id"]),
        posting_id=PostingId(row["posting_id"]),
        company_id=CompanyId(row["company_id"]),
        applicant=Applicant(row["name"], row["email"], row["phone"]),
        # Stored only once consented to; the consent is what the row's existence records.
        submission=Submission(
            row["cover_note"],
            resume,
            row["resume_text"],
            True,
            row["retention_days"],
            tuple(
                ScreeningAnswer(
                    a["question_id"], a["question"], QuestionKind(a["kind"]), _answer(a["answer"])
                )
                for a in row["answers"]
            ),
        ),
        withdraw_token_hash=row["withdraw_token_hash"],
        status=ApplicationStatus(row["status"]),
        submitted_at=row["submitted_at"],
        updated_at=row["updated_at"],
        version=row["version"],
    )
