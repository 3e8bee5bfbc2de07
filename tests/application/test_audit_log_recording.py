"""Every admin act leaves one audit entry, committed with the change: who, what, on which
aggregate, why and when. A failed act leaves none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from uuid import UUID

import pytest

from application.audit import Actor, ActorKind, AggregateRef, AuditEntry
from application.commands.api_keys import IssueAdminKey, IssueAdminKeyHandler
from application.commands.company_status import (
    ReinstateCompany,
    ReinstateCompanyHandler,
    SuspendCompany,
    SuspendCompanyHandler,
    VerifyCompany,
    VerifyCompanyHandler,
)
from application.commands.posting_lifecycle import (
    ExpirePostings,
    ExpirePostingsHandler,
    TakeDownPosting,
    TakeDownPostingHandler,
)
from application.commands.read_models import RebuildReadModels, RebuildReadModelsHandler
from application.commands.register_company import RegisteredCompany
from application.commands.requirement_catalogue import (
    AddRequirement,
    AddRequirementHandler,
    AliasRequirement,
    AliasRequirementHandler,
    MergeRequirements,
    MergeRequirementsHandler,
    RenameRequirement,
    RenameRequirementHandler,
)
from domain.errors import InvalidTransition, InvariantViolated, NotFound
from domain.ids import ApiKeyId, CompanyId, PostingId, RequirementId
from fakes import FixedClock, InMemoryStore

Snapshot = Callable[[], object]

ANA = Actor.admin_key(ApiKeyId(UUID(int=0xA7A)), "Ana, trust and safety")
SHELL = Actor.cli("deploy")


def _last(store: InMemoryStore) -> AuditEntry:
    return store.audit[-1]


async def test_verifying_a_company_records_the_admin_the_company_and_the_time(
    verify_company: VerifyCompanyHandler,
    store: InMemoryStore,
    clock: FixedClock,
    pending_company: RegisteredCompany,
) -> None:
    clock.advance(timedelta(minutes=5))
    before = len(store.audit)

    await verify_company(VerifyCompany(pending_company.company_id, actor=ANA))

    assert len(store.audit) == before + 1
    assert _last(store) == AuditEntry(
        ANA,
        "verify_company",
        clock.now(),
        AggregateRef("company", pending_company.company_id),
    )


async def test_suspending_and_reinstating_record_the_reason_and_the_acts(
    suspend_company: SuspendCompanyHandler,
    reinstate_company: ReinstateCompanyHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
) -> None:
    await suspend_company(SuspendCompany(company.company_id, "fake job offers", actor=ANA))
    await reinstate_company(ReinstateCompany(company.company_id, actor=SHELL))

    suspended, reinstated = store.audit[-2:]
    on_company = AggregateRef("company", company.company_id)
    assert (suspended.act, suspended.actor, suspended.aggregate, suspended.reason) == (
        "suspend_company",
        ANA,
        on_company,
        "fake job offers",
    )
    assert (reinstated.act, reinstated.actor, reinstated.aggregate, reinstated.reason) == (
        "reinstate_company",
        SHELL,
        on_company,
        None,
    )
    assert reinstated.actor.kind is ActorKind.CLI
    assert reinstated.actor.id == "deploy"


async def test_taking_a_posting_down_records_the_posting_and_the_reason(
    take_down_posting: TakeDownPostingHandler, store: InMemoryStore, published: PostingId
) -> None:
    await take_down_posting(TakeDownPosting(published, "a scam", actor=ANA))

    entry = _last(store)
    assert (entry.act, entry.aggregate, entry.reason) == (
        "take_down_posting",
        AggregateRef("posting", published),
        "a scam",
    )


async def test_expiring_records_one_board_wide_entry_with_the_count(
    expire_postings: ExpirePostingsHandler,
    store: InMemoryStore,
    clock: FixedClock,
    published: PostingId,
) -> None:
    clock.advance(timedelta(days=61))
    before = len(store.audit)

    assert await expire_postings(ExpirePostings(actor=SHELL)) == 1

    assert store.audit[before:] == [
        AuditEntry(SHELL, "expire_postings", clock.now(), details={"expired": 1})
    ]


async def test_an_expiry_sweep_that_expires_nothing_records_nothing(
    expire_postings: ExpirePostingsHandler, published: PostingId, snapshot: Snapshot
) -> None:
    before = snapshot()

    assert await expire_postings(ExpirePostings(actor=SHELL)) == 0

    assert snapshot() == before


async def test_curating_the_catalogue_records_each_act_on_its_entry(
    add_requirement: AddRequirementHandler,
    rename_requirement: RenameRequirementHandler,
    alias_requirement: AliasRequirementHandler,
    merge_requirements: MergeRequirementsHandler,
    store: InMemoryStore,
) -> None:
    before = len(store.audit)
    postgres = await add_requirement(AddRequirement("Postgres", "skill", actor=ANA))
    await rename_requirement(RenameRequirement(postgres, "PostgreSQL", actor=ANA))
    await alias_requirement(AliasRequirement(postgres, ("pg",), actor=ANA))
    duplicate = await add_requirement(AddRequirement("Postgre SQL", "skill", actor=ANA))
    await merge_requirements(MergeRequirements(duplicate, postgres, actor=ANA))

    acts = [(e.act, e.aggregate, e.details) for e in store.audit[before:]]
    assert acts == [
        ("add_requirement", AggregateRef("requirement", postgres), {}),
        ("rename_requirement", AggregateRef("requirement", postgres), {"name": "PostgreSQL"}),
        ("alias_requirement", AggregateRef("requirement", postgres), {"aliases": "pg"}),
        ("add_requirement", AggregateRef("requirement", duplicate), {}),
        (
            "merge_requirements",
            AggregateRef("requirement", duplicate),
            {"into": str(postgres)},
        ),
    ]


async def test_rebuilding_the_read_models_records_the_rows_written(
    rebuild_read_models: RebuildReadModelsHandler, store: InMemoryStore, clock: FixedClock
) -> None:
    await rebuild_read_models(RebuildReadModels(actor=ANA))

    assert _last(store) == AuditEntry(ANA, "rebuild_read_models", clock.now(), details={})


async def test_issuing_an_admin_key_records_the_new_key_and_its_name(
    issue_admin_key: IssueAdminKeyHandler, store: InMemoryStore
) -> None:
    issued = await issue_admin_key(IssueAdminKey("  ops on-call ", actor=SHELL))

    assert store.api_keys[issued.key_id].name == "ops on-call"
    entry = _last(store)
    assert (entry.actor, entry.act, entry.aggregate, entry.details) == (
        SHELL,
        "issue_admin_key",
        AggregateRef("api_key", issued.key_id),
        {"name": "ops on-call"},
    )


async def test_an_admin_key_must_have_a_name(
    issue_admin_key: IssueAdminKeyHandler, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(InvariantViolated) as refused:
        await issue_admin_key(IssueAdminKey("   ", actor=SHELL))

    assert refused.value.field == "name"
    assert snapshot() == before


async def test_verifying_a_missing_company_records_nothing(
    verify_company: VerifyCompanyHandler, company: RegisteredCompany, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(NotFound):
        await verify_company(VerifyCompany(CompanyId(UUID(int=404)), actor=ANA))

    assert snapshot() == before


async def test_an_act_the_aggregate_refuses_records_nothing(
    suspend_company: SuspendCompanyHandler,
    take_down_posting: TakeDownPostingHandler,
    company: RegisteredCompany,
    published: PostingId,
    snapshot: Snapshot,
) -> None:
    await take_down_posting(TakeDownPosting(published, "a scam", actor=ANA))
    before = snapshot()

    with pytest.raises(InvalidTransition):
        await take_down_posting(TakeDownPosting(published, "again", actor=ANA))
    with pytest.raises(InvariantViolated):
        await suspend_company(SuspendCompany(company.company_id, " ", actor=ANA))

    assert snapshot() == before


async def test_a_merge_into_a_missing_entry_records_nothing(
    merge_requirements: MergeRequirementsHandler, postgres: RequirementId, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(NotFound):
        await merge_requirements(
            MergeRequirements(postgres, RequirementId(UUID(int=404)), actor=ANA)
        )

    assert snapshot() == before
