"""The duplicate and repost check at publish, over the fakes: a company's repost is
refused naming the earlier posting, a different role passes, another company's clone is
flagged (not refused), and two racing publishes of one ad cannot both pass."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.posting_input import PostingFields, PostingPatch
from application.commands.posting_lifecycle import (
    ClosePosting,
    ClosePostingHandler,
    PublishPosting,
    PublishPostingHandler,
)
from application.commands.register_company import RegisteredCompany
from application.commands.revise_posting import RevisePosting, RevisePostingHandler
from application.duplicates import DuplicatePolicy
from domain.errors import RepostRefused
from domain.events import PostingFlaggedAsPossibleClone, PostingSubmittedForReview
from domain.ids import PostingId
from domain.near_duplicates import DuplicateFinding
from domain.posting import PostingStatus
from fakes import FakeUnitOfWorkFactory, FixedClock, InMemoryStore
from near_duplicate_texts import (
    busuu,
    busuu_different_role,
    with_new_date_line,
    with_reordered_lines,
    with_small_edits,
)

Snapshot = Callable[[], object]
PublishAd = Callable[[RegisteredCompany, str], Awaitable[PostingId]]


@pytest.fixture
def ad(fields: PostingFields) -> Callable[[str], PostingFields]:
    def make(description: str) -> PostingFields:
        return dataclasses.replace(fields, title="Senior Backend Engineer", description=description)

    return make


@pytest.fixture
def publish_ad(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    ad: Callable[[str], PostingFields],
) -> PublishAd:
    async def publish(company: RegisteredCompany, description: str) -> PostingId:
        posting_id = await draft_posting(DraftPosting(company.company_id, ad(description)))
        await publish_posting(PublishPosting(company.company_id, posting_id))
        return posting_id

    return publish


@pytest.mark.parametrize(
    "variant",
    [with_new_date_line, with_reordered_lines, with_small_edits],
    ids=["new-date-line", "reordered-bullets", "small-edits"],
)
async def test_a_repost_of_the_companys_recent_ad_is_refused_naming_it(
    variant: Callable[[str], str],
    publish_ad: PublishAd,
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    ad: Callable[[str], PostingFields],
    company: RegisteredCompany,
    store: InMemoryStore,
    snapshot: Snapshot,
) -> None:
    first = await publish_ad(company, busuu())
    again = await draft_posting(DraftPosting(company.company_id, ad(variant(busuu()))))
    before = snapshot()

    with pytest.raises(RepostRefused) as refused:
        await publish_posting(PublishPosting(company.company_id, again))

    assert refused.value.earlier_posting_id == first
    assert "revise or reopen that one instead" in refused.value.message
    assert snapshot() == before  # nothing published, nothing recorded
    assert store.postings[again].status is PostingStatus.DRAFT
    assert again not in store.signatures


async def test_a_different_role_with_the_same_boilerplate_is_published(
    publish_ad: PublishAd,
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    ad: Callable[[str], PostingFields],
    company: RegisteredCompany,
    store: InMemoryStore,
) -> None:
    await publish_ad(company, busuu())
    designer = await draft_posting(DraftPosting(company.company_id, ad(busuu_different_role())))

    outcome = await publish_posting.publish(PublishPosting(company.company_id, designer))

    assert outcome.duplicates.finding is DuplicateFinding.UNIQUE
    assert store.postings[designer].status is PostingStatus.PUBLISHED
    assert designer in store.signatures


async def test_a_repost_window_later_the_same_ad_may_go_up_again(
    publish_ad: PublishAd,
    close_posting: ClosePostingHandler,
    company: RegisteredCompany,
    clock: FixedClock,
    store: InMemoryStore,
) -> None:
    first = await publish_ad(company, busuu())
    await close_posting(ClosePosting(company.company_id, first))
    clock.advance(timedelta(days=29))
    with pytest.raises(RepostRefused):
        await publish_ad(company, with_new_date_line(busuu()))

    clock.advance(timedelta(days=2))  # closed 31 days ago: out of the window
    again = await publish_ad(company, with_new_date_line(busuu()))

    assert store.postings[again].status is PostingStatus.PUBLISHED


async def test_another_companys_clone_is_held_for_review_and_flagged(
    publish_ad: PublishAd,
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    ad: Callable[[str], PostingFields],
    company: RegisteredCompany,
    other_company: RegisteredCompany,
    store: InMemoryStore,
) -> None:
    original = await publish_ad(company, busuu())
    clone = await draft_posting(
        DraftPosting(other_company.company_id, ad(with_new_date_line(busuu())))
    )

    outcome = await publish_posting.publish(PublishPosting(other_company.company_id, clone))

    verdict = outcome.duplicates
    assert verdict.needs_review
    assert (verdict.earlier_posting_id, verdict.earlier_company_id) == (
        original,
        company.company_id,
    )
    assert outcome.posting.status == "in_review"
    submitted, flagged = store.outbox[-2:]
    assert isinstance(submitted, PostingSubmittedForReview)
    assert submitted.reasons == ("flagged_as_possible_clone",)
    assert isinstance(flagged, PostingFlaggedAsPossibleClone)
    assert (flagged.aggregate_id, flagged.original_posting_id) == (clone, original)
    assert flagged.original_company_id == company.company_id
    assert flagged.similarity == verdict.similarity and flagged.similarity >= 0.8
    assert outcome.posting.version == flagged.version


async def test_a_short_ad_is_not_judged_and_may_be_published_twice(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    for _ in range(2):
        posting_id = await draft_posting(DraftPosting(company.company_id, fields))
        outcome = await publish_posting.publish(PublishPosting(company.company_id, posting_id))
        assert outcome.duplicates.finding is DuplicateFinding.NOT_JUDGED


async def test_the_threshold_is_the_policys(
    draft_posting: DraftPostingHandler,
    publish_ad: PublishAd,
    ad: Callable[[str], PostingFields],
    uow_port: FakeUnitOfWorkFactory,
    clock: FixedClock,
    company: RegisteredCompany,
) -> None:
    await publish_ad(company, busuu())
    edited = await draft_posting(DraftPosting(company.company_id, ad(with_small_edits(busuu()))))
    exact = await draft_posting(DraftPosting(company.company_id, ad(busuu())))
    only_identical = PublishPostingHandler(
        uow_port, clock, duplicates=DuplicatePolicy(threshold=1.0)
    )

    outcome = await only_identical.publish(PublishPosting(company.company_id, edited))
    with pytest.raises(RepostRefused):
        await only_identical(PublishPosting(company.company_id, exact))

    assert outcome.duplicates.finding is DuplicateFinding.UNIQUE


async def test_two_racing_publishes_of_one_ad_do_not_both_pass(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    ad: Callable[[str], PostingFields],
    company: RegisteredCompany,
    store: InMemoryStore,
) -> None:
    drafts = [
        await draft_posting(DraftPosting(company.company_id, ad(text)))
        for text in (busuu(), with_new_date_line(busuu()))
    ]

    results = await asyncio.gather(
        *(publish_posting(PublishPosting(company.company_id, d)) for d in drafts),
        return_exceptions=True,
    )

    refused = [r for r in results if isinstance(r, RepostRefused)]
    assert len(refused) == 1
    statuses = sorted(store.postings[d].status for d in drafts)
    assert statuses == [PostingStatus.DRAFT, PostingStatus.PUBLISHED]


async def test_a_revised_public_posting_is_compared_as_it_now_reads(
    publish_ad: PublishAd,
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    revise_posting: RevisePostingHandler,
    ad: Callable[[str], PostingFields],
    company: RegisteredCompany,
) -> None:
    designer = await publish_ad(company, busuu_different_role())
    await revise_posting(
        RevisePosting(company.company_id, designer, PostingPatch(description=busuu()))
    )
    again = await draft_posting(DraftPosting(company.company_id, ad(with_new_date_line(busuu()))))

    with pytest.raises(RepostRefused) as refused:
        await publish_posting(PublishPosting(company.company_id, again))

    assert refused.value.earlier_posting_id == designer
