"""Admin acts on a company's standing: verify, suspend, reinstate."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from application.commands.company_status import (
    ReinstateCompany,
    ReinstateCompanyHandler,
    SuspendCompany,
    SuspendCompanyHandler,
    VerifyCompany,
    VerifyCompanyHandler,
)
from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.posting_input import PostingFields
from application.commands.posting_lifecycle import PublishPosting, PublishPostingHandler
from application.commands.register_company import RegisteredCompany
from builders import AN_ADMIN
from domain.company import CompanyStatus
from domain.errors import CompanyCannotPublish, InvalidTransition, InvariantViolated, NotFound
from domain.events import CompanyReinstated, CompanySuspended, CompanyVerified
from domain.ids import CompanyId
from domain.posting import PostingStatus
from fakes import FixedClock, InMemoryStore, SequentialIds

Snapshot = Callable[[], object]


async def test_verifying_a_pending_company_lets_it_publish(
    verify_company: VerifyCompanyHandler,
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    store: InMemoryStore,
    clock: FixedClock,
    pending_company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    await verify_company(VerifyCompany(pending_company.company_id, actor=AN_ADMIN))

    company = store.companies[pending_company.company_id]
    assert company.status is CompanyStatus.VERIFIED
    assert company.updated_at == clock.now()
    event = store.outbox[-1]
    assert isinstance(event, CompanyVerified)
    assert (event.aggregate_id, event.version) == (company.id, company.version)
    posting_id = await draft_posting(DraftPosting(company.id, fields))
    await publish_posting(PublishPosting(company.id, posting_id))
    assert store.postings[posting_id].status is PostingStatus.PUBLISHED


async def test_verifying_twice_is_an_invalid_transition(
    verify_company: VerifyCompanyHandler, company: RegisteredCompany, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(InvalidTransition):
        await verify_company(VerifyCompany(company.company_id, actor=AN_ADMIN))

    assert snapshot() == before


async def test_suspending_a_company_records_the_reason(
    suspend_company: SuspendCompanyHandler, store: InMemoryStore, company: RegisteredCompany
) -> None:
    await suspend_company(SuspendCompany(company.company_id, " fake postings ", actor=AN_ADMIN))

    suspended = store.companies[company.company_id]
    assert suspended.status is CompanyStatus.SUSPENDED
    assert suspended.suspension_reason == "fake postings"
    event = store.outbox[-1]
    assert isinstance(event, CompanySuspended)
    assert (event.aggregate_id, event.reason) == (company.company_id, "fake postings")


async def test_a_suspended_company_can_no_longer_publish(
    draft_posting: DraftPostingHandler,
    suspend_company: SuspendCompanyHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))
    await suspend_company(SuspendCompany(company.company_id, "fake postings", actor=AN_ADMIN))

    with pytest.raises(CompanyCannotPublish):
        await publish_posting(PublishPosting(company.company_id, posting_id))


async def test_suspending_needs_a_reason(
    suspend_company: SuspendCompanyHandler, company: RegisteredCompany, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await suspend_company(SuspendCompany(company.company_id, "", actor=AN_ADMIN))

    assert caught.value.field == "reason"
    assert snapshot() == before


async def test_suspending_twice_is_an_invalid_transition(
    suspend_company: SuspendCompanyHandler, company: RegisteredCompany
) -> None:
    await suspend_company(SuspendCompany(company.company_id, "spam", actor=AN_ADMIN))

    with pytest.raises(InvalidTransition):
        await suspend_company(SuspendCompany(company.company_id, "more spam", actor=AN_ADMIN))


async def test_reinstating_returns_a_verified_company_to_verified(
    suspend_company: SuspendCompanyHandler,
    reinstate_company: ReinstateCompanyHandler,
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    await suspend_company(SuspendCompany(company.company_id, "spam", actor=AN_ADMIN))

    await reinstate_company(ReinstateCompany(company.company_id, actor=AN_ADMIN))

    reinstated = store.companies[company.company_id]
    assert reinstated.status is CompanyStatus.VERIFIED
    assert reinstated.suspension_reason is None
    event = store.outbox[-1]
    assert isinstance(event, CompanyReinstated)
    assert event.status == "verified"
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))
    await publish_posting(PublishPosting(company.company_id, posting_id))


async def test_reinstating_returns_a_pending_company_to_pending(
    suspend_company: SuspendCompanyHandler,
    reinstate_company: ReinstateCompanyHandler,
    store: InMemoryStore,
    pending_company: RegisteredCompany,
) -> None:
    await suspend_company(SuspendCompany(pending_company.company_id, "spam", actor=AN_ADMIN))

    await reinstate_company(ReinstateCompany(pending_company.company_id, actor=AN_ADMIN))

    assert store.companies[pending_company.company_id].status is CompanyStatus.PENDING


async def test_reinstating_a_company_that_is_not_suspended_is_an_invalid_transition(
    reinstate_company: ReinstateCompanyHandler, company: RegisteredCompany, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(InvalidTransition):
        await reinstate_company(ReinstateCompany(company.company_id, actor=AN_ADMIN))

    assert snapshot() == before


async def test_verifying_an_unknown_company_is_not_found(
    verify_company: VerifyCompanyHandler, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await verify_company(VerifyCompany(CompanyId(ids.new_id()), actor=AN_ADMIN))


async def test_suspending_an_unknown_company_is_not_found(
    suspend_company: SuspendCompanyHandler, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await suspend_company(SuspendCompany(CompanyId(ids.new_id()), "spam", actor=AN_ADMIN))


async def test_reinstating_an_unknown_company_is_not_found(
    reinstate_company: ReinstateCompanyHandler, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await reinstate_company(ReinstateCompany(CompanyId(ids.new_id()), actor=AN_ADMIN))
