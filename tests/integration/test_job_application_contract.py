"""The job application repository's contract, held by the in-memory fake and PostgreSQL
alike: an application loads back whole, its résumé bytes come back as stored, listing is
newest first by keyset, one address applies once per posting, withdrawal erases, and the
purge finds what is past its retention."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

import pytest

from backends import Backend
from builders import NOW, a_published_posting, a_verified_company, posting_details
from domain.application_method import ApplicationMethod
from domain.company import Company
from domain.errors import AlreadyExists, NotFound
from domain.ids import JobApplicationId
from domain.job_application import Applicant, JobApplication, Submission
from domain.posting import Posting
from domain.resume import ResumeFile
from domain.screening import QuestionKind, ScreeningQuestion

RESUME = b"%PDF-1.4 \x00\x01\x02\xff bytes"
QUESTIONS = (
    ScreeningQuestion("why", "Why us?", QuestionKind.TEXT),
    ScreeningQuestion("permit", "Work permit?", QuestionKind.YES_NO, required=True),
    ScreeningQuestion("stack", "Stack?", QuestionKind.MULTI_CHOICE, choices=("pg", "kafka")),
)


async def _board(backend: Backend) -> tuple[Company, Posting]:
    company = a_verified_company(keep_events=True)
    posting = a_published_posting(
        company=company,
        details=posting_details(
            application_method=ApplicationMethod.on_board(), screening_questions=QUESTIONS
        ),
        keep_events=True,
    )
    async with backend.uow() as uow:
        uow.companies.add(company)
        uow.postings.add(posting)
        await uow.commit()
    return company, posting


def _application(
    company: Company, posting: Posting, email: str, at: datetime = NOW
) -> JobApplication:
    return JobApplication.submit(
        JobApplicationId(uuid4()),
        posting,
        company,
        Applicant("Ada", email, "+44 20 7946 0958"),
        Submission("Hello", ResumeFile("application/pdf", len(RESUME)), None, True, 180),
        "digest",
        at,
        {"permit": True, "stack": ("pg", "kafka"), "why": "Engines."},
    )


async def test_an_application_and_its_resume_load_back_as_stored(backend: Backend) -> None:
    company, posting = await _board(backend)
    application = _application(company, posting, "ada@example.com")
    async with backend.uow() as uow:
        uow.applications.add(application, RESUME)
        await uow.commit()

    async with backend.uow() as uow:
        loaded = await uow.applications.get(application.id)
        resume = await uow.applications.resume(application.id)

    assert (loaded.applicant, loaded.submission) == (application.applicant, application.submission)
    assert [a.answer for a in loaded.submission.answers] == ["Engines.", True, ("pg", "kafka")]
    assert (loaded.status, loaded.version, loaded.submitted_at) == (
        application.status,
        1,
        application.submitted_at,
    )
    assert resume == RESUME


async def test_applications_list_newest_first_after_a_position(backend: Backend) -> None:
    company, posting = await _board(backend)
    sent = [
        _application(company, posting, f"c{n}@example.com", NOW + timedelta(minutes=n))
        for n in range(3)
    ]
    async with backend.uow() as uow:
        for application in sent:
            uow.applications.add(application, None)
        await uow.commit()

    async with backend.uow() as uow:
        first = await uow.applications.list_for_posting(posting.id, None, 2)
        rest = await uow.applications.list_for_posting(
            posting.id, (first[-1].submitted_at, first[-1].id), 2
        )

    assert [a.id for a in first] == [sent[2].id, sent[1].id]
    assert [a.id for a in rest] == [sent[0].id]


async def test_one_address_applies_once_to_a_posting_whatever_its_case(
    backend: Backend,
) -> None:
    company, posting = await _board(backend)
    async with backend.uow() as uow:
        uow.applications.add(_application(company, posting, "ada@example.com"), RESUME)
        await uow.commit()

    async with backend.uow() as uow:
        uow.applications.add(_application(company, posting, "ADA@example.com"), RESUME)
        with pytest.raises(AlreadyExists):
            await uow.commit()


async def test_a_withdrawn_application_is_erased_with_its_resume(backend: Backend) -> None:
    company, posting = await _board(backend)
    application = _application(company, posting, "ada@example.com")
    async with backend.uow() as uow:
        uow.applications.add(application, RESUME)
        await uow.commit()

    async with backend.uow() as uow:
        (await uow.applications.get(application.id)).withdraw(NOW)
        await uow.commit()

    async with backend.uow() as uow:
        with pytest.raises(NotFound):
            await uow.applications.get(application.id)
        assert await uow.applications.resume(application.id) is None


async def test_the_purge_finds_applications_past_their_retention(backend: Backend) -> None:
    company, posting = await _board(backend)
    old = _application(company, posting, "old@example.com", NOW)
    recent = _application(company, posting, "new@example.com", NOW + timedelta(days=1))
    async with backend.uow() as uow:
        uow.applications.add(old, None)
        uow.applications.add(recent, None)
        await uow.commit()

    async with backend.uow() as uow:
        due = await uow.applications.ids_past_retention(NOW + timedelta(days=180), 10)
        early = await uow.applications.ids_past_retention(NOW + timedelta(days=179), 10)

    assert (due, early) == ([old.id], [])
