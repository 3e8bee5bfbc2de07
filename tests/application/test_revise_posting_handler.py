"""Revising a posting: a patch changes only what it sets, on the caller's own current posting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest

from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.posting_input import (
    LocationInput,
    PostingFields,
    PostingPatch,
    RequirementInput,
    SalaryInput,
)
from application.commands.posting_lifecycle import (
    ClosePosting,
    ClosePostingHandler,
    TakeDownPosting,
    TakeDownPostingHandler,
)
from application.commands.register_company import RegisteredCompany
from application.commands.revise_posting import RevisePosting, RevisePostingHandler
from builders import AN_ADMIN
from domain.errors import InvalidTransition, InvariantViolated, NotFound, StaleVersion
from domain.events import PostingRevised
from domain.ids import PostingId, RequirementId
from domain.posting import PostingStatus
from domain.posting_values import Location, Workplace
from domain.requirement import RequirementStatus
from fakes import InMemoryStore, SequentialIds

Snapshot = Callable[[], object]


async def test_a_patch_changes_only_the_fields_it_sets(
    revise_posting: RevisePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    before = store.postings[draft].details

    await revise_posting(
        RevisePosting(company.company_id, draft, PostingPatch(title="Staff Data Engineer"))
    )

    after = store.postings[draft].details
    assert after.title == "Staff Data Engineer"
    assert after == replace(before, title="Staff Data Engineer")


async def test_a_patch_can_change_several_fields_at_once(
    revise_posting: RevisePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    patch = PostingPatch(
        workplace="hybrid",
        locations=(LocationInput("AT", "Vienna"), LocationInput("DE", "Munich")),
        salary=SalaryInput(Decimal(5000), Decimal(6000), "EUR", "month"),
    )

    await revise_posting(RevisePosting(company.company_id, draft, patch))

    details = store.postings[draft].details
    assert details.workplace is Workplace.HYBRID
    assert details.locations == (Location("AT", "Vienna"), Location("DE", "Munich"))
    assert details.salary is not None
    assert details.salary.max == Decimal(6000)
    assert details.title == "Senior Data Engineer"


async def test_a_patch_with_none_clears_an_optional_field(
    revise_posting: RevisePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    await revise_posting(
        RevisePosting(company.company_id, draft, PostingPatch(seniority=None, salary=None))
    )

    details = store.postings[draft].details
    assert details.seniority is None
    assert details.salary is None
    assert details.title == "Senior Data Engineer"


async def test_revising_returns_the_new_version_and_records_an_event(
    revise_posting: RevisePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    loaded = store.postings[draft].version

    answer = await revise_posting(
        RevisePosting(company.company_id, draft, PostingPatch(title="Staff Data Engineer"))
    )

    version = answer.version
    assert version == loaded + 1 == store.postings[draft].version
    assert answer.title == "Staff Data Engineer"
    event = store.outbox[-1]
    assert isinstance(event, PostingRevised)
    assert (event.aggregate_id, event.version) == (draft, version)
    assert event.title == "Staff Data Engineer"


async def test_a_patch_that_changes_nothing_keeps_the_version(
    revise_posting: RevisePostingHandler,
    company: RegisteredCompany,
    draft: PostingId,
    snapshot: Snapshot,
) -> None:
    before = snapshot()

    answer = await revise_posting(
        RevisePosting(company.company_id, draft, PostingPatch(title="Senior Data Engineer"))
    )

    assert answer.version == 1
    assert snapshot() == before


async def test_revising_with_the_current_version_succeeds(
    revise_posting: RevisePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    answer = await revise_posting(
        RevisePosting(
            company.company_id, draft, PostingPatch(title="Staff Data Engineer"), expected_version=1
        )
    )

    assert answer.version == 2
    assert store.postings[draft].details.title == "Staff Data Engineer"


async def test_revising_a_stale_version_is_refused_and_changes_nothing(
    revise_posting: RevisePostingHandler,
    company: RegisteredCompany,
    draft: PostingId,
    snapshot: Snapshot,
) -> None:
    await revise_posting(
        RevisePosting(company.company_id, draft, PostingPatch(title="Staff Data Engineer"))
    )
    before = snapshot()

    with pytest.raises(StaleVersion):
        await revise_posting(
            RevisePosting(
                company.company_id, draft, PostingPatch(title="Lead Engineer"), expected_version=1
            )
        )

    assert snapshot() == before


async def test_another_companys_posting_is_not_found(
    revise_posting: RevisePostingHandler,
    other_company: RegisteredCompany,
    draft: PostingId,
    snapshot: Snapshot,
) -> None:
    before = snapshot()

    with pytest.raises(NotFound):
        await revise_posting(
            RevisePosting(other_company.company_id, draft, PostingPatch(title="Hijacked"))
        )

    assert snapshot() == before


async def test_an_unknown_posting_is_not_found(
    revise_posting: RevisePostingHandler, company: RegisteredCompany, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await revise_posting(
            RevisePosting(company.company_id, PostingId(ids.new_id()), PostingPatch(title="X"))
        )


async def test_a_published_posting_can_still_be_revised(
    revise_posting: RevisePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    published: PostingId,
) -> None:
    await revise_posting(
        RevisePosting(company.company_id, published, PostingPatch(title="Staff Data Engineer"))
    )

    posting = store.postings[published]
    assert posting.status is PostingStatus.PUBLISHED
    assert posting.details.title == "Staff Data Engineer"


async def test_a_closed_posting_cannot_be_revised(
    close_posting: ClosePostingHandler,
    revise_posting: RevisePostingHandler,
    company: RegisteredCompany,
    published: PostingId,
    snapshot: Snapshot,
) -> None:
    await close_posting(ClosePosting(company.company_id, published))
    before = snapshot()

    with pytest.raises(InvalidTransition):
        await revise_posting(
            RevisePosting(company.company_id, published, PostingPatch(title="Reopened"))
        )

    assert snapshot() == before


async def test_a_taken_down_posting_cannot_be_revised(
    take_down_posting: TakeDownPostingHandler,
    revise_posting: RevisePostingHandler,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    await take_down_posting(TakeDownPosting(draft, "spam", actor=AN_ADMIN))

    with pytest.raises(InvalidTransition):
        await revise_posting(
            RevisePosting(company.company_id, draft, PostingPatch(title="Back again"))
        )


async def test_an_invalid_patch_names_the_field_and_changes_nothing(
    revise_posting: RevisePostingHandler,
    company: RegisteredCompany,
    draft: PostingId,
    snapshot: Snapshot,
) -> None:
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await revise_posting(
            RevisePosting(
                company.company_id,
                draft,
                PostingPatch(title="Fine", locations=(), requirements=(RequirementInput("Go"),)),
            )
        )

    assert caught.value.field == "locations"
    assert snapshot() == before


# Requirements


async def test_a_patch_of_requirements_resolves_names_and_proposes_new_ones(
    revise_posting: RevisePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    draft: PostingId,
    postgres: RequirementId,
) -> None:
    await revise_posting(
        RevisePosting(
            company.company_id,
            draft,
            PostingPatch(requirements=(RequirementInput("postgres"), RequirementInput("dbt"))),
        )
    )

    known, proposed = store.postings[draft].details.requirements
    assert known.requirement_id == postgres
    assert store.requirements[proposed.requirement_id].status is RequirementStatus.PENDING
    assert store.requirements[proposed.requirement_id].name == "dbt"


async def test_leaving_requirements_unset_keeps_them(
    draft_posting: DraftPostingHandler,
    revise_posting: RevisePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
) -> None:
    posting_id = await draft_posting(
        DraftPosting(
            company.company_id, replace(fields, requirements=(RequirementInput("PostgreSQL"),))
        )
    )

    await revise_posting(
        RevisePosting(company.company_id, posting_id, PostingPatch(title="Staff Data Engineer"))
    )

    (requirement,) = store.postings[posting_id].details.requirements
    assert requirement.requirement_id == postgres


async def test_a_refused_revision_leaves_no_proposed_requirement_behind(
    close_posting: ClosePostingHandler,
    revise_posting: RevisePostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    published: PostingId,
) -> None:
    await close_posting(ClosePosting(company.company_id, published))

    with pytest.raises(InvalidTransition):
        await revise_posting(
            RevisePosting(
                company.company_id,
                published,
                PostingPatch(requirements=(RequirementInput("Rust"),)),
            )
        )

    assert store.requirements == {}


async def test_a_closed_posting_refuses_a_revision_as_final_even_when_the_revision_is_invalid(
    close_posting: ClosePostingHandler,
    revise_posting: RevisePostingHandler,
    company: RegisteredCompany,
    published: PostingId,
) -> None:
    await close_posting(ClosePosting(company.company_id, published))
    duplicate_names = (RequirementInput("Go"), RequirementInput("go"))

    with pytest.raises(InvalidTransition):
        await revise_posting(
            RevisePosting(company.company_id, published, PostingPatch(requirements=duplicate_names))
        )
