"""The rollback rule: a handler that fails, even after it changed aggregates, leaves no trace.

Also what a handler does when another writer commits between its read and its write.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any, Literal

import pytest

from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.posting_input import PostingFields, PostingPatch, RequirementInput
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
from application.commands.register_company import (
    RegisterCompany,
    RegisterCompanyHandler,
    RegisteredCompany,
)
from application.commands.requirement_catalogue import AddRequirement, AddRequirementHandler
from application.commands.revise_posting import RevisePosting, RevisePostingHandler
from application.ports import UnitOfWorkFactory
from builders import AN_ADMIN
from domain.errors import AlreadyExists, ConcurrentModification, InvalidTransition
from domain.events import PostingExpired, PostingPublished
from domain.ids import PostingId, RequirementId
from domain.posting import PostingStatus
from domain.requirement import RequirementStatus
from fakes import FakeUnitOfWork, FixedClock, InMemoryStore

Snapshot = Callable[[], object]
Meddle = Callable[[], Awaitable[object]]


class _MeddledUnitOfWork(FakeUnitOfWork):
    def __init__(
        self, store: InMemoryStore, meddle: Meddle | None, when: Literal["enter", "commit"]
    ) -> None:
        super().__init__(store)
        self._meddle, self._when = meddle, when

    async def _interrupt(self, moment: str) -> None:
        if self._meddle is not None and self._when == moment:
            meddle, self._meddle = self._meddle, None
            await meddle()

    async def __aenter__(self) -> _MeddledUnitOfWork:
        await self._interrupt("enter")
        return self

    async def commit(self) -> None:
        await self._interrupt("commit")
        await super().commit()


class MeddlingFactory:
    """Units of work over ``store``; as the ``nth`` one begins or commits, another writer acts."""

    def __init__(
        self, store: InMemoryStore, nth: int, when: Literal["enter", "commit"], meddle: Meddle
    ) -> None:
        self._store, self._nth, self._when, self._meddle = store, nth, when, meddle
        self.opened = 0

    def __call__(self) -> FakeUnitOfWork:
        self.opened += 1
        meddle = self._meddle if self.opened == self._nth else None
        return _MeddledUnitOfWork(self._store, meddle, self._when)

    def port(self) -> UnitOfWorkFactory:
        factory: Callable[[], Any] = self
        return factory


# Failing after changing aggregates


async def test_a_registration_refused_at_commit_stores_neither_company_nor_key(
    register_company: RegisterCompanyHandler, store: InMemoryStore, snapshot: Snapshot
) -> None:
    await register_company(RegisterCompany("Acme Analytics", "DE"))
    before = snapshot()

    with pytest.raises(AlreadyExists):
        await register_company(RegisterCompany("Acme Analytics", "AT"))

    assert snapshot() == before
    assert len(store.companies) == len(store.api_keys) == 1


async def test_an_approval_refused_at_commit_leaves_the_loaded_entry_as_it_was(
    draft_posting: DraftPostingHandler,
    add_requirement: AddRequirementHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
    snapshot: Snapshot,
) -> None:
    posting_id = await draft_posting(
        DraftPosting(company.company_id, replace(fields, requirements=(RequirementInput("Kafka"),)))
    )
    (asked,) = store.postings[posting_id].details.requirements
    before = snapshot()

    with pytest.raises(AlreadyExists):
        await add_requirement(
            AddRequirement("Apache Kafka", "skill", aliases=("postgres",), actor=AN_ADMIN)
        )

    assert snapshot() == before
    entry = store.requirements[asked.requirement_id]
    assert (entry.status, entry.name) == (RequirementStatus.PENDING, "Kafka")


async def test_a_revision_refused_after_proposing_a_requirement_leaves_no_proposal(
    revise_posting: RevisePostingHandler,
    take_down_posting: TakeDownPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    draft: PostingId,
    snapshot: Snapshot,
) -> None:
    await take_down_posting(TakeDownPosting(draft, "spam", actor=AN_ADMIN))
    before = snapshot()

    with pytest.raises(InvalidTransition):
        await revise_posting(
            RevisePosting(
                company.company_id,
                draft,
                PostingPatch(title="Back", requirements=(RequirementInput("Rust"),)),
            )
        )

    assert snapshot() == before
    assert store.requirements == {}


# Another writer between our read and our write


async def test_a_publish_that_loses_a_race_fails_and_leaves_the_winners_change(
    store: InMemoryStore,
    clock: FixedClock,
    take_down_posting: TakeDownPostingHandler,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    meddling = MeddlingFactory(
        store,
        1,
        "commit",
        lambda: take_down_posting(TakeDownPosting(draft, "spam", actor=AN_ADMIN)),
    )
    publish = PublishPostingHandler(meddling.port(), clock)

    with pytest.raises(ConcurrentModification):
        await publish(PublishPosting(company.company_id, draft))

    assert store.postings[draft].status is PostingStatus.TAKEN_DOWN
    assert not any(
        isinstance(e, PostingPublished) and e.aggregate_id == draft for e in store.outbox
    )


async def _three_due(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    clock: FixedClock,
    company: RegisteredCompany,
    fields: PostingFields,
) -> list[PostingId]:
    """Three published postings, running out one day after another; the clock past them all."""
    posting_ids = []
    for days in (10, 11, 12):
        posting_id = await draft_posting(DraftPosting(company.company_id, fields))
        await publish_posting(
            PublishPosting(
                company.company_id, posting_id, valid_through=clock.now() + timedelta(days=days)
            )
        )
        posting_ids.append(posting_id)
    clock.advance(timedelta(days=30))
    return posting_ids


@pytest.mark.parametrize(
    "when",
    [
        pytest.param("enter", id="closed before it is loaded"),
        pytest.param("commit", id="closed before the expiry commits"),
    ],
)
async def test_expiring_skips_a_posting_closed_meanwhile_and_expires_the_rest(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    close_posting: ClosePostingHandler,
    store: InMemoryStore,
    clock: FixedClock,
    company: RegisteredCompany,
    fields: PostingFields,
    when: Literal["enter", "commit"],
) -> None:
    first, second, third = await _three_due(draft_posting, publish_posting, clock, company, fields)
    # Unit of work 1 lists what is due; unit of work 2 expires the first posting.
    meddling = MeddlingFactory(
        store, 2, when, lambda: close_posting(ClosePosting(company.company_id, first))
    )
    expire = ExpirePostingsHandler(meddling.port(), clock)

    count = await expire(ExpirePostings(actor=AN_ADMIN))

    assert count == 2
    assert store.postings[first].status is PostingStatus.CLOSED
    assert store.postings[second].status is PostingStatus.EXPIRED
    assert store.postings[third].status is PostingStatus.EXPIRED
    expired = {e.aggregate_id for e in store.outbox if isinstance(e, PostingExpired)}
    assert expired == {second, third}
