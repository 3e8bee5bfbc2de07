"""Applying on the board through the use cases: one application per address and posting,
the withdraw token kept only as a digest, and the employer's review of its own only."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.job_applications import (
    MoveApplication,
    MoveApplicationHandler,
    PurgeApplications,
    PurgeApplicationsHandler,
    SubmitApplication,
    SubmitApplicationHandler,
    WithdrawApplication,
    WithdrawApplicationHandler,
)
from application.commands.posting_input import ApplicationMethodInput, PostingFields
from application.commands.posting_lifecycle import PublishPosting, PublishPostingHandler
from application.commands.register_company import RegisteredCompany
from application.queries.job_applications import (
    GetApplicationResume,
    GetApplicationResumeHandler,
    GetJobApplication,
    GetJobApplicationHandler,
    ListPostingApplications,
    ListPostingApplicationsHandler,
)
from builders import AN_ADMIN
from domain.errors import AlreadyExists, InvalidTransition, NotAppliedOnBoard, NotFound
from domain.events import (
    ApplicationPurged,
    ApplicationStatusChanged,
    ApplicationSubmitted,
    ApplicationWithdrawn,
)
from domain.ids import PostingId
from fakes import FixedClock, InMemoryStore, PlainSecrets

PDF = b"%PDF-1.4 a resume"


@pytest.fixture
async def on_board(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
) -> PostingId:
    """A posting of ``company`` applied to on the board, published now."""
    board = dataclasses.replace(fields, application_method=ApplicationMethodInput("board"))
    posting_id = await draft_posting(DraftPosting(company.company_id, board))
    await publish_posting(PublishPosting(company.company_id, posting_id))
    return posting_id


def _applying(posting_id: PostingId, email: str = "ada@example.com") -> SubmitApplication:
    return SubmitApplication(
        posting_id, "Ada", email, consent_to_retention=True, resume=PDF, cover_note="Hello"
    )


async def test_an_application_is_stored_with_its_resume_and_a_digest_of_its_token(
    submit_application: SubmitApplicationHandler, on_board: PostingId, store: InMemoryStore
) -> None:
    submitted = await submit_application(_applying(on_board))

    stored = store.applications[submitted.application_id]
    assert stored.withdraw_token_hash == PlainSecrets().hash(submitted.withdraw_token)
    assert submitted.withdraw_token not in repr(vars(stored))
    assert store.resumes[submitted.application_id] == PDF
    assert submitted.retention_days == 180
    event = store.outbox[-1]
    assert isinstance(event, ApplicationSubmitted)
    assert (event.aggregate_id, event.posting_id) == (submitted.application_id, on_board)


async def test_a_second_application_from_the_same_address_is_refused(
    submit_application: SubmitApplicationHandler, on_board: PostingId, store: InMemoryStore
) -> None:
    await submit_application(_applying(on_board))

    with pytest.raises(AlreadyExists):
        await submit_application(_applying(on_board, "ADA@example.com"))
    assert len(store.applications) == len(store.resumes) == 1


async def test_postings_applied_to_elsewhere_or_not_public_take_no_application(
    submit_application: SubmitApplicationHandler,
    published: PostingId,
    draft: PostingId,
    on_board: PostingId,
    clock: FixedClock,
    store: InMemoryStore,
) -> None:
    with pytest.raises(NotAppliedOnBoard):
        await submit_application(_applying(published))
    with pytest.raises(NotFound):
        await submit_application(_applying(draft))
    clock.advance(timedelta(days=61))  # past the posting's validity
    with pytest.raises(NotFound):
        await submit_application(_applying(on_board))
    assert store.applications == {} and store.resumes == {}


async def test_withdrawing_needs_the_token_and_erases_everything(
    submit_application: SubmitApplicationHandler,
    withdraw_application: WithdrawApplicationHandler,
    on_board: PostingId,
    store: InMemoryStore,
) -> None:
    submitted = await submit_application(_applying(on_board))
    for wrong in (None, "", "jbw_not_it"):
        with pytest.raises(NotFound):
            await withdraw_application(WithdrawApplication(submitted.application_id, wrong))

    await withdraw_application(
        WithdrawApplication(submitted.application_id, submitted.withdraw_token)
    )

    assert store.applications == {} and store.resumes == {}
    assert isinstance(store.outbox[-1], ApplicationWithdrawn)


async def test_only_the_posting_s_employer_reads_and_moves_its_applications(
    submit_application: SubmitApplicationHandler,
    move_application: MoveApplicationHandler,
    get_job_application: GetJobApplicationHandler,
    get_application_resume: GetApplicationResumeHandler,
    list_posting_applications: ListPostingApplicationsHandler,
    on_board: PostingId,
    company: RegisteredCompany,
    other_company: RegisteredCompany,
    store: InMemoryStore,
) -> None:
    submitted = await submit_application(_applying(on_board))
    application_id = submitted.application_id
    other = other_company.company_id

    with pytest.raises(NotFound):
        await get_job_application(GetJobApplication(other, application_id))
    with pytest.raises(NotFound):
        await get_application_resume(GetApplicationResume(other, application_id))
    with pytest.raises(NotFound):
        await list_posting_applications(ListPostingApplications(other, on_board))
    with pytest.raises(NotFound):
        await move_application(MoveApplication(other, application_id, "reviewed"))

    own = company.company_id
    view = await get_job_application(GetJobApplication(own, application_id))
    resume = await get_application_resume(GetApplicationResume(own, application_id))
    moved = await move_application(MoveApplication(own, application_id, "reviewed"))

    assert (view.name, view.email, view.status) == ("Ada", "ada@example.com", "new")
    assert (resume.content_type, resume.data) == ("application/pdf", PDF)
    assert moved.status == "reviewed"
    event = store.outbox[-1]
    assert isinstance(event, ApplicationStatusChanged)
    assert (event.status, event.previous_status) == ("reviewed", "new")
    with pytest.raises(InvalidTransition):
        await move_application(MoveApplication(own, application_id, "new"))


async def test_the_purge_erases_only_what_is_past_its_retention(
    submit_application: SubmitApplicationHandler,
    purge_applications: PurgeApplicationsHandler,
    on_board: PostingId,
    clock: FixedClock,
    store: InMemoryStore,
) -> None:
    old = await submit_application(_applying(on_board, "old@example.com"))
    clock.advance(timedelta(days=10))
    recent = await submit_application(_applying(on_board, "recent@example.com"))
    clock.advance(timedelta(days=170))  # old is 180 days old: its whole retention

    assert await purge_applications(PurgeApplications(actor=AN_ADMIN)) == 1
    assert await purge_applications(PurgeApplications(actor=AN_ADMIN)) == 0

    assert set(store.applications) == set(store.resumes) == {recent.application_id}
    assert isinstance(store.outbox[-1], ApplicationPurged)
    assert store.outbox[-1].aggregate_id == old.application_id
