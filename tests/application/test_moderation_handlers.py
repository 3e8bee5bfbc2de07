"""Moderation's use cases over the fakes: the policy at publish (new companies, screens,
resubmissions), approval and rejection, reports up to the threshold, dismissing and taking
down, and the queue. This module runs the default policy: a company verified less than 14
days ago has its first posting reviewed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

import pytest

from application.commands.company_status import VerifyCompany, VerifyCompanyHandler
from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.moderation import (
    ApprovePosting,
    ApprovePostingHandler,
    DismissReport,
    DismissReportHandler,
    Moderation,
    RejectPosting,
    RejectPostingHandler,
    ReportPosting,
    ReportPostingHandler,
)
from application.commands.posting_input import PostingFields
from application.commands.posting_lifecycle import (
    PublishPosting,
    PublishPostingHandler,
    TakeDownPosting,
    TakeDownPostingHandler,
)
from application.commands.register_company import (
    RegisterCompany,
    RegisterCompanyHandler,
    RegisteredCompany,
)
from application.errors import InvalidParameter
from application.ports import UnitOfWork, UnitOfWorkFactory
from application.queries.moderation import (
    ListModerationQueue,
    ListModerationQueueHandler,
    ListPostingReports,
    ListPostingReportsHandler,
)
from builders import AN_ADMIN
from domain.errors import AlreadyExists, InvalidTransition, InvariantViolated, NotFound
from domain.events import (
    PostingApproved,
    PostingRejected,
    PostingReported,
    PostingReturnedToReview,
    PostingSubmittedForReview,
)
from domain.ids import PostingId
from domain.moderation import ModerationPolicy, ReviewReason
from domain.posting import Posting, PostingStatus
from fakes import FixedClock, InMemoryStore

Snapshot = Callable[[], object]
Submit = Callable[[], Awaitable[PostingId]]


@pytest.fixture
def moderation() -> Moderation:
    return Moderation(ModerationPolicy(first_postings=1, new_company_days=14, report_threshold=3))


@pytest.fixture
def submit(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
) -> Submit:
    async def go() -> PostingId:
        posting_id = await draft_posting(DraftPosting(company.company_id, fields))
        await publish_posting(PublishPosting(company.company_id, posting_id))
        return posting_id

    return go


@pytest.fixture
async def in_review(submit: Submit) -> PostingId:
    """The company's first posting: submitted for review (the company is new)."""
    return await submit()


@pytest.fixture
async def public(in_review: PostingId, approve_posting: ApprovePostingHandler) -> PostingId:
    await approve_posting(ApprovePosting(in_review, actor=AN_ADMIN))
    return in_review


async def test_a_new_companys_first_posting_waits_for_review_and_its_second_does_not(
    in_review: PostingId,
    submit: Submit,
    store: InMemoryStore,
) -> None:
    first = store.postings[in_review]
    assert first.status is PostingStatus.IN_REVIEW
    assert first.published_at is None
    assert first.review.reasons == (ReviewReason.NEW_COMPANY,)
    event = store.outbox[-1]
    assert isinstance(event, PostingSubmittedForReview)
    assert event.reasons == ("new_company",)

    second = await submit()

    assert store.postings[second].status is PostingStatus.PUBLISHED


async def test_a_company_verified_long_enough_ago_publishes_at_once(
    submit: Submit, store: InMemoryStore, clock: FixedClock
) -> None:
    clock.advance(timedelta(days=14))

    posting_id = await submit()

    assert store.postings[posting_id].status is PostingStatus.PUBLISHED


async def test_a_publish_screens_reasons_send_the_posting_to_review(
    uow_port: UnitOfWorkFactory,
    clock: FixedClock,
    draft_posting: DraftPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
    store: InMemoryStore,
) -> None:
    screened: list[PostingId] = []

    async def clone_check(uow: UnitOfWork, posting: Posting) -> Sequence[ReviewReason]:
        screened.append(posting.id)
        return (ReviewReason.POSSIBLE_CLONE,)

    publish = PublishPostingHandler(
        uow_port, clock, Moderation(ModerationPolicy(new_company_days=0), (clone_check,))
    )
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))

    await publish(PublishPosting(company.company_id, posting_id))

    assert screened == [posting_id]
    assert store.postings[posting_id].review.reasons == (ReviewReason.POSSIBLE_CLONE,)


async def test_approval_puts_the_posting_on_the_board_from_the_moment_it_is_approved(
    in_review: PostingId,
    approve_posting: ApprovePostingHandler,
    store: InMemoryStore,
    clock: FixedClock,
) -> None:
    clock.advance(timedelta(hours=5))

    await approve_posting(ApprovePosting(in_review, actor=AN_ADMIN, note="looks fine"))

    posting = store.postings[in_review]
    assert posting.status is PostingStatus.PUBLISHED
    assert posting.published_at == clock.now()
    assert posting.valid_through == clock.now() + timedelta(days=60)
    assert isinstance(store.outbox[-1], PostingApproved)
    (entry,) = [e for e in store.audit if e.act == "approve_posting"]
    assert entry.actor == AN_ADMIN
    assert entry.aggregate is not None and entry.aggregate.id == in_review
    assert entry.reason == "looks fine"
    assert entry.details["review_reasons"] == "new_company"
    with pytest.raises(InvalidTransition):
        await approve_posting(ApprovePosting(in_review, actor=AN_ADMIN))


async def test_a_rejection_needs_a_listed_reason_and_the_resubmission_is_reviewed_again(
    in_review: PostingId,
    reject_posting: RejectPostingHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    store: InMemoryStore,
    snapshot: Snapshot,
) -> None:
    before = snapshot()
    with pytest.raises(InvariantViolated) as refused:
        await reject_posting(RejectPosting(in_review, "ugly", "no", actor=AN_ADMIN))
    assert refused.value.field == "reason"
    with pytest.raises(InvariantViolated) as empty:
        await reject_posting(RejectPosting(in_review, "scam", "  ", actor=AN_ADMIN))
    assert empty.value.field == "note"
    assert snapshot() == before

    await reject_posting(RejectPosting(in_review, "incomplete", "Add a salary.", actor=AN_ADMIN))

    posting = store.postings[in_review]
    assert posting.status is PostingStatus.REJECTED
    assert (posting.review.rejection_reason, posting.review.rejection_note) == (
        "incomplete",
        "Add a salary.",
    )
    event = store.outbox[-1]
    assert isinstance(event, PostingRejected) and event.rejection_reason == "incomplete"
    (entry,) = [e for e in store.audit if e.act == "reject_posting"]
    assert (entry.reason, entry.details) == ("Add a salary.", {"rejection_reason": "incomplete"})

    answer = await publish_posting(PublishPosting(company.company_id, in_review))

    assert answer.status == "in_review"
    assert answer.moderation is not None
    assert ReviewReason.RESUBMITTED.value in answer.moderation.review_reasons
    assert answer.moderation.rejection_reason is None


async def test_reports_past_the_threshold_send_a_public_posting_back_to_review(
    public: PostingId,
    report_posting: ReportPostingHandler,
    store: InMemoryStore,
) -> None:
    for address in ("192.0.2.1", "192.0.2.2"):
        await report_posting(ReportPosting(public, "scam", "wants a fee", address))
    assert store.postings[public].status is PostingStatus.PUBLISHED
    with pytest.raises(AlreadyExists):
        await report_posting(ReportPosting(public, "other", None, "192.0.2.2"))

    filed = await report_posting(ReportPosting(public, "misleading", None, "192.0.2.3"))

    assert filed.status == "open"
    posting = store.postings[public]
    assert posting.status is PostingStatus.IN_REVIEW
    assert posting.review.reasons == (ReviewReason.REPORTED,)
    assert isinstance(store.outbox[-1], PostingReturnedToReview)
    reported = [e for e in store.outbox if isinstance(e, PostingReported)]
    assert [e.report_reason for e in reported] == ["scam", "scam", "misleading"]
    # Only keyed hashes of the addresses are kept; the events carry none.
    assert all("192.0.2" not in r.reporter_hash for r in store.reports.values())
    assert all("192.0.2" not in repr(e) for e in store.outbox)
    # Not public any more: a report is refused as for any posting a candidate cannot see.
    with pytest.raises(NotFound):
        await report_posting(ReportPosting(public, "scam", None, "192.0.2.4"))


async def test_a_bad_report_reason_or_a_draft_is_refused(
    public: PostingId,
    draft: PostingId,
    report_posting: ReportPostingHandler,
    snapshot: Snapshot,
) -> None:
    before = snapshot()
    with pytest.raises(InvariantViolated) as refused:
        await report_posting(ReportPosting(public, "boring", None, "192.0.2.1"))
    assert refused.value.field == "reason"
    with pytest.raises(InvariantViolated) as long:
        await report_posting(ReportPosting(public, "scam", "x" * 1001, "192.0.2.1"))
    assert long.value.field == "note"
    with pytest.raises(NotFound):
        await report_posting(ReportPosting(draft, "scam", None, "192.0.2.1"))
    assert snapshot() == before


async def test_dismissing_is_audited_and_a_take_down_resolves_the_open_reports(
    public: PostingId,
    report_posting: ReportPostingHandler,
    dismiss_report: DismissReportHandler,
    take_down_posting: TakeDownPostingHandler,
    list_posting_reports: ListPostingReportsHandler,
    store: InMemoryStore,
) -> None:
    first = await report_posting(ReportPosting(public, "scam", None, "192.0.2.1"))
    await report_posting(ReportPosting(public, "scam", None, "192.0.2.2"))

    await dismiss_report(DismissReport(first.id, actor=AN_ADMIN, note="a real job"))
    await take_down_posting(TakeDownPosting(public, "a scam after all", actor=AN_ADMIN))

    reports = await list_posting_reports(ListPostingReports(public))
    assert [r.status for r in reports] == ["dismissed", "resolved"]
    acts = [
        (e.act, e.details) for e in store.audit if e.act in ("dismiss_report", "take_down_posting")
    ]
    assert acts == [
        ("dismiss_report", {"posting_id": str(public)}),
        ("take_down_posting", {"reports_resolved": 1}),
    ]
    with pytest.raises(InvalidTransition):
        await dismiss_report(DismissReport(first.id, actor=AN_ADMIN))


async def test_the_queue_lists_postings_in_review_oldest_first_a_page_at_a_time(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    register_company: RegisterCompanyHandler,
    verify_company: VerifyCompanyHandler,
    list_moderation_queue: ListModerationQueueHandler,
    clock: FixedClock,
    fields: PostingFields,
    uow_port: UnitOfWorkFactory,
) -> None:
    waiting: list[PostingId] = []
    for name in ("First Co", "Second Co", "Third Co"):
        registered = await register_company(RegisterCompany(name, "GB"))
        await verify_company(VerifyCompany(registered.company_id, actor=AN_ADMIN))
        posting_id = await draft_posting(DraftPosting(registered.company_id, fields))
        clock.advance(timedelta(minutes=1))
        await publish_posting(PublishPosting(registered.company_id, posting_id))
        waiting.append(posting_id)

    first = await list_moderation_queue(ListModerationQueue(limit=2))
    rest = await list_moderation_queue(ListModerationQueue(limit=2, cursor=first.next_cursor))

    assert [i.posting_id for i in first.items] == waiting[:2]
    assert [i.posting_id for i in rest.items] == waiting[2:]
    assert rest.next_cursor is None
    assert first.items[0].company_name == "First Co"
    assert first.items[0].reasons == ("new_company",)
    with pytest.raises(InvalidParameter):
        await list_moderation_queue(ListModerationQueue(cursor="not-a-cursor"))
