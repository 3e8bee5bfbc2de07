"""Moving a posting through its life: publish, close, take down, expire."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from application.commands.company_status import (
    SuspendCompany,
    SuspendCompanyHandler,
    VerifyCompany,
    VerifyCompanyHandler,
)
from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.posting_input import PostingFields
from application.commands.posting_lifecycle import (
    ClosePosting,
    ClosePostingHandler,
    ExpirePostings,
    ExpirePostingsHandler,
    PublishPosting,
    PublishPostingHandler,
    TakeDownPosting,
    TakeDownPostingHandler,
)
from application.commands.register_company import RegisteredCompany
from builders import AN_ADMIN
from domain.errors import (
    CompanyCannotPublish,
    InvalidTransition,
    InvariantViolated,
    NotFound,
    StaleVersion,
)
from domain.events import PostingClosed, PostingExpired, PostingPublished, PostingTakenDown
from domain.ids import PostingId
from domain.posting import PostingStatus
from fakes import FixedClock, InMemoryStore, SequentialIds

Snapshot = Callable[[], object]


# PublishPosting


async def test_publishing_requires_a_verified_company(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    pending_company: RegisteredCompany,
    fields: PostingFields,
    snapshot: Snapshot,
) -> None:
    posting_id = await draft_posting(DraftPosting(pending_company.company_id, fields))
    before = snapshot()

    with pytest.raises(CompanyCannotPublish):
        await publish_posting(PublishPosting(pending_company.company_id, posting_id))

    assert snapshot() == before


async def test_once_verified_the_company_can_publish_its_waiting_draft(
    draft_posting: DraftPostingHandler,
    verify_company: VerifyCompanyHandler,
    publish_posting: PublishPostingHandler,
    store: InMemoryStore,
    pending_company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    posting_id = await draft_posting(DraftPosting(pending_company.company_id, fields))
    await verify_company(VerifyCompany(pending_company.company_id, actor=AN_ADMIN))

    await publish_posting(PublishPosting(pending_company.company_id, posting_id))

    assert store.postings[posting_id].status is PostingStatus.PUBLISHED


async def test_publishing_puts_the_draft_on_the_board_for_sixty_days_by_default(
    publish_posting: PublishPostingHandler,
    store: InMemoryStore,
    clock: FixedClock,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    answer = await publish_posting(PublishPosting(company.company_id, draft))

    posting = store.postings[draft]
    assert posting.status is PostingStatus.PUBLISHED
    assert posting.published_at == clock.now()
    assert posting.valid_through == clock.now() + timedelta(days=60)
    assert answer.version == posting.version == 2
    assert (answer.status, answer.published_at) == ("published", clock.now())
    event = store.outbox[-1]
    assert isinstance(event, PostingPublished)
    assert (event.aggregate_id, event.version) == (draft, 2)
    assert event.valid_through == clock.now() + timedelta(days=60)


async def test_publishing_keeps_a_valid_through_the_employer_chose(
    publish_posting: PublishPostingHandler,
    store: InMemoryStore,
    clock: FixedClock,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    until = clock.now() + timedelta(days=14)

    await publish_posting(PublishPosting(company.company_id, draft, valid_through=until))

    assert store.postings[draft].valid_through == until


@pytest.mark.parametrize(
    "days", [pytest.param(181, id="beyond 180 days"), pytest.param(0, id="not in the future")]
)
async def test_a_valid_through_outside_the_allowed_window_is_refused(
    publish_posting: PublishPostingHandler,
    clock: FixedClock,
    company: RegisteredCompany,
    draft: PostingId,
    snapshot: Snapshot,
    days: int,
) -> None:
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await publish_posting(
            PublishPosting(
                company.company_id, draft, valid_through=clock.now() + timedelta(days=days)
            )
        )

    assert caught.value.field == "valid_through"
    assert snapshot() == before


async def test_a_valid_through_without_a_timezone_is_refused_as_invalid(
    publish_posting: PublishPostingHandler,
    clock: FixedClock,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    naive = (clock.now() + timedelta(days=30)).replace(tzinfo=None)

    with pytest.raises(InvariantViolated) as caught:
        await publish_posting(PublishPosting(company.company_id, draft, valid_through=naive))

    assert caught.value.field == "valid_through"


async def test_a_suspended_company_cannot_publish(
    suspend_company: SuspendCompanyHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    draft: PostingId,
    snapshot: Snapshot,
) -> None:
    await suspend_company(SuspendCompany(company.company_id, "fake postings", actor=AN_ADMIN))
    before = snapshot()

    with pytest.raises(CompanyCannotPublish):
        await publish_posting(PublishPosting(company.company_id, draft))

    assert snapshot() == before


async def test_publishing_another_companys_posting_is_not_found(
    publish_posting: PublishPostingHandler,
    other_company: RegisteredCompany,
    draft: PostingId,
    snapshot: Snapshot,
) -> None:
    before = snapshot()

    with pytest.raises(NotFound):
        await publish_posting(PublishPosting(other_company.company_id, draft))

    assert snapshot() == before


async def test_publishing_twice_is_an_invalid_transition(
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    published: PostingId,
    snapshot: Snapshot,
) -> None:
    before = snapshot()

    with pytest.raises(InvalidTransition):
        await publish_posting(PublishPosting(company.company_id, published))

    assert snapshot() == before


async def test_publishing_a_stale_version_is_refused(
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    draft: PostingId,
    snapshot: Snapshot,
) -> None:
    before = snapshot()

    with pytest.raises(StaleVersion):
        await publish_posting(PublishPosting(company.company_id, draft, expected_version=7))

    assert snapshot() == before


# ClosePosting


async def test_closing_takes_a_published_posting_off_the_board(
    close_posting: ClosePostingHandler,
    store: InMemoryStore,
    clock: FixedClock,
    company: RegisteredCompany,
    published: PostingId,
) -> None:
    clock.advance(timedelta(days=3))

    answer = await close_posting(ClosePosting(company.company_id, published, expected_version=2))

    posting = store.postings[published]
    assert posting.status is PostingStatus.CLOSED
    assert posting.ended_at == clock.now()
    assert answer.version == posting.version == 3
    assert (answer.status, answer.ended_at) == ("closed", clock.now())
    assert isinstance(store.outbox[-1], PostingClosed)


async def test_a_draft_cannot_be_closed(
    close_posting: ClosePostingHandler, company: RegisteredCompany, draft: PostingId
) -> None:
    with pytest.raises(InvalidTransition):
        await close_posting(ClosePosting(company.company_id, draft))


async def test_closing_another_companys_posting_is_not_found(
    close_posting: ClosePostingHandler,
    store: InMemoryStore,
    other_company: RegisteredCompany,
    published: PostingId,
) -> None:
    with pytest.raises(NotFound):
        await close_posting(ClosePosting(other_company.company_id, published))

    assert store.postings[published].status is PostingStatus.PUBLISHED


async def test_closing_a_stale_version_is_refused(
    close_posting: ClosePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    published: PostingId,
) -> None:
    with pytest.raises(StaleVersion):
        await close_posting(ClosePosting(company.company_id, published, expected_version=1))

    assert store.postings[published].status is PostingStatus.PUBLISHED


# TakeDownPosting


@pytest.mark.parametrize("closed_first", [False, True], ids=["published", "closed"])
async def test_an_admin_can_take_down_a_posting_in_any_state(
    close_posting: ClosePostingHandler,
    take_down_posting: TakeDownPostingHandler,
    store: InMemoryStore,
    clock: FixedClock,
    company: RegisteredCompany,
    published: PostingId,
    closed_first: bool,
) -> None:
    if closed_first:
        await close_posting(ClosePosting(company.company_id, published))

    await take_down_posting(TakeDownPosting(published, "misleading salary", actor=AN_ADMIN))

    posting = store.postings[published]
    assert posting.status is PostingStatus.TAKEN_DOWN
    assert posting.take_down_reason == "misleading salary"
    assert posting.ended_at == clock.now()
    event = store.outbox[-1]
    assert isinstance(event, PostingTakenDown)
    assert (event.aggregate_id, event.reason) == (published, "misleading salary")


async def test_even_a_draft_can_be_taken_down(
    take_down_posting: TakeDownPostingHandler, store: InMemoryStore, draft: PostingId
) -> None:
    await take_down_posting(TakeDownPosting(draft, "spam", actor=AN_ADMIN))

    assert store.postings[draft].status is PostingStatus.TAKEN_DOWN


async def test_taking_down_needs_a_reason(
    take_down_posting: TakeDownPostingHandler, published: PostingId, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await take_down_posting(TakeDownPosting(published, "   ", actor=AN_ADMIN))

    assert caught.value.field == "reason"
    assert snapshot() == before


async def test_taking_down_twice_is_an_invalid_transition(
    take_down_posting: TakeDownPostingHandler, published: PostingId
) -> None:
    await take_down_posting(TakeDownPosting(published, "spam", actor=AN_ADMIN))

    with pytest.raises(InvalidTransition):
        await take_down_posting(TakeDownPosting(published, "spam again", actor=AN_ADMIN))


async def test_taking_down_an_unknown_posting_is_not_found(
    take_down_posting: TakeDownPostingHandler, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await take_down_posting(TakeDownPosting(PostingId(ids.new_id()), "spam", actor=AN_ADMIN))


# ExpirePostings


async def _publish(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
    valid_through: datetime | None = None,
) -> PostingId:
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))
    await publish_posting(
        PublishPosting(company.company_id, posting_id, valid_through=valid_through)
    )
    return posting_id


async def test_expiring_ends_only_published_postings_past_their_validity(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    close_posting: ClosePostingHandler,
    expire_postings: ExpirePostingsHandler,
    store: InMemoryStore,
    clock: FixedClock,
    company: RegisteredCompany,
    fields: PostingFields,
    draft: PostingId,
) -> None:
    start = clock.now()
    short = await _publish(
        draft_posting, publish_posting, company, fields, start + timedelta(days=10)
    )
    exact = await _publish(
        draft_posting, publish_posting, company, fields, start + timedelta(days=20)
    )
    long = await _publish(
        draft_posting, publish_posting, company, fields, start + timedelta(days=90)
    )
    closed = await _publish(
        draft_posting, publish_posting, company, fields, start + timedelta(days=5)
    )
    await close_posting(ClosePosting(company.company_id, closed))
    clock.advance(timedelta(days=20))

    count = await expire_postings(ExpirePostings(actor=AN_ADMIN))

    assert count == 2
    assert store.postings[short].status is PostingStatus.EXPIRED
    assert store.postings[exact].status is PostingStatus.EXPIRED
    assert store.postings[short].ended_at == clock.now()
    assert store.postings[long].status is PostingStatus.PUBLISHED
    assert store.postings[closed].status is PostingStatus.CLOSED
    assert store.postings[draft].status is PostingStatus.DRAFT
    expired = [e for e in store.outbox if isinstance(e, PostingExpired)]
    assert {e.aggregate_id for e in expired} == {short, exact}


async def test_expiring_again_finds_nothing_more_to_do(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    expire_postings: ExpirePostingsHandler,
    clock: FixedClock,
    company: RegisteredCompany,
    fields: PostingFields,
    snapshot: Snapshot,
) -> None:
    await _publish(draft_posting, publish_posting, company, fields)
    clock.advance(timedelta(days=61))
    assert await expire_postings(ExpirePostings(actor=AN_ADMIN)) == 1
    before = snapshot()

    assert await expire_postings(ExpirePostings(actor=AN_ADMIN)) == 0
    assert snapshot() == before


async def test_expiring_before_any_posting_runs_out_changes_nothing(
    expire_postings: ExpirePostingsHandler,
    published: PostingId,
    clock: FixedClock,
    snapshot: Snapshot,
) -> None:
    clock.advance(timedelta(days=59))
    before = snapshot()

    assert await expire_postings(ExpirePostings(actor=AN_ADMIN)) == 0
    assert snapshot() == before


async def test_expiring_works_through_more_postings_than_one_batch(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    expire_postings: ExpirePostingsHandler,
    store: InMemoryStore,
    clock: FixedClock,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    posting_ids = [
        await _publish(draft_posting, publish_posting, company, fields) for _ in range(5)
    ]
    clock.advance(timedelta(days=60))

    count = await expire_postings(ExpirePostings(batch_size=2, actor=AN_ADMIN))

    assert count == 5
    assert all(store.postings[p].status is PostingStatus.EXPIRED for p in posting_ids)
