"""Drafting a posting: the employer's fields become a draft, and requirement names
are found in the catalogue or proposed to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import pytest

from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.posting_input import (
    LocationInput,
    PostingFields,
    RequirementInput,
    SalaryInput,
)
from application.commands.register_company import RegisteredCompany
from domain.errors import InvariantViolated, NotFound
from domain.events import PostingDrafted, RequirementAdded
from domain.ids import CompanyId, RequirementId
from domain.posting import PostingStatus
from domain.posting_values import (
    EmploymentType,
    Importance,
    Location,
    SalaryPeriod,
    Seniority,
    Workplace,
)
from domain.requirement import RequirementKind, RequirementStatus
from fakes import FixedClock, InMemoryStore, SequentialIds

Snapshot = Callable[[], object]


async def test_drafting_stores_a_draft_of_the_company(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    clock: FixedClock,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))

    posting = store.postings[posting_id]
    assert posting.status is PostingStatus.DRAFT
    assert posting.company_id == company.company_id
    assert posting.published_at is None
    assert posting.valid_through is None
    assert posting.created_at == clock.now()


async def test_drafting_turns_the_fields_into_domain_values(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))

    details = store.postings[posting_id].details
    assert details.title == "Senior Data Engineer"
    assert details.language == "en"
    assert details.locations == (Location("DE", "Berlin"),)
    assert details.workplace is Workplace.ONSITE
    assert details.employment_type is EmploymentType.FULL_TIME
    assert details.seniority is Seniority.SENIOR
    assert details.salary is not None
    assert (details.salary.min, details.salary.max) == (Decimal(60_000), Decimal(80_000))
    assert details.salary.period is SalaryPeriod.YEAR
    assert details.responsibilities == ("Own the ingestion pipeline",)
    assert details.benefits == ("30 days of holiday",)


async def test_drafting_records_a_posting_drafted_event(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))

    event = store.outbox[-1]
    assert isinstance(event, PostingDrafted)
    assert (event.aggregate_id, event.version) == (posting_id, 1)
    assert event.company_id == company.company_id
    assert event.title == "Senior Data Engineer"


async def test_a_pending_company_may_already_draft(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    pending_company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    posting_id = await draft_posting(DraftPosting(pending_company.company_id, fields))

    assert store.postings[posting_id].status is PostingStatus.DRAFT


async def test_a_remote_posting_needs_no_location(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    remote = replace(fields, workplace="remote", locations=(), remote_countries=("de", "at"))

    posting_id = await draft_posting(DraftPosting(company.company_id, remote))

    details = store.postings[posting_id].details
    assert details.workplace is Workplace.REMOTE
    assert details.remote_countries == ("DE", "AT")


async def test_drafting_for_an_unknown_company_is_not_found(
    draft_posting: DraftPostingHandler,
    ids: SequentialIds,
    fields: PostingFields,
    snapshot: Snapshot,
) -> None:
    before = snapshot()

    with pytest.raises(NotFound):
        await draft_posting(DraftPosting(CompanyId(ids.new_id()), fields))

    assert snapshot() == before


# Requirements by name


async def test_requirement_names_are_found_in_the_catalogue_whatever_their_case(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
) -> None:
    asks = replace(
        fields,
        requirements=(RequirementInput("  POSTGRESQL ", "must", min_years=3, detail="tuning"),),
    )

    posting_id = await draft_posting(DraftPosting(company.company_id, asks))

    (requirement,) = store.postings[posting_id].details.requirements
    assert requirement.requirement_id == postgres
    assert requirement.importance is Importance.MUST
    assert (requirement.min_years, requirement.detail) == (3, "tuning")


async def test_a_requirement_is_found_by_its_alias(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
) -> None:
    asks = replace(fields, requirements=(RequirementInput("Postgres", "nice"),))
    requirements_before = dict(store.requirements)

    posting_id = await draft_posting(DraftPosting(company.company_id, asks))

    (requirement,) = store.postings[posting_id].details.requirements
    assert requirement.requirement_id == postgres
    assert requirement.importance is Importance.NICE
    assert store.requirements.keys() == requirements_before.keys()


async def test_an_unknown_requirement_name_is_proposed_as_a_pending_entry(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
) -> None:
    asks = replace(
        fields, requirements=(RequirementInput("postgres"), RequirementInput("Apache Kafka"))
    )

    posting_id = await draft_posting(DraftPosting(company.company_id, asks))

    known, proposed = store.postings[posting_id].details.requirements
    assert known.requirement_id == postgres
    entry = store.requirements[proposed.requirement_id]
    assert entry.status is RequirementStatus.PENDING
    assert entry.name == "Apache Kafka"
    assert entry.kind is RequirementKind.SKILL
    added = [e for e in store.outbox if isinstance(e, RequirementAdded)]
    assert added[-1].aggregate_id == entry.id
    assert added[-1].status == "pending"


async def test_a_proposed_entry_is_reused_by_the_next_posting_that_names_it(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    other_company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    first = await draft_posting(
        DraftPosting(company.company_id, replace(fields, requirements=(RequirementInput("Kafka"),)))
    )
    second = await draft_posting(
        DraftPosting(
            other_company.company_id,
            replace(fields, requirements=(RequirementInput("KAFKA"),)),
        )
    )

    (asked_first,) = store.postings[first].details.requirements
    (asked_second,) = store.postings[second].details.requirements
    assert asked_first.requirement_id == asked_second.requirement_id
    assert len(store.requirements) == 1


async def test_two_names_for_the_same_new_entry_are_refused_as_a_repeat(
    draft_posting: DraftPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
    snapshot: Snapshot,
) -> None:
    asks = replace(fields, requirements=(RequirementInput("Kafka"), RequirementInput(" kafka ")))
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await draft_posting(DraftPosting(company.company_id, asks))

    assert caught.value.field == "requirements"
    assert snapshot() == before


async def test_a_name_and_an_alias_of_the_same_entry_are_refused_as_a_repeat(
    draft_posting: DraftPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
    snapshot: Snapshot,
) -> None:
    asks = replace(
        fields, requirements=(RequirementInput("PostgreSQL"), RequirementInput("postgres"))
    )
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await draft_posting(DraftPosting(company.company_id, asks))

    assert caught.value.field == "requirements"
    assert snapshot() == before


# Invalid input


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param(
            {"salary": SalaryInput(Decimal(90_000), Decimal(80_000), "EUR", "year")},
            "salary.min",
            id="salary min above max",
        ),
        pytest.param(
            {"salary": SalaryInput(Decimal(1), Decimal(2), "EUR", "week")},
            "salary.period",
            id="bad salary period",
        ),
        pytest.param(
            {"salary": SalaryInput(Decimal(1), Decimal(2), "EURO", "year")},
            "salary.currency",
            id="bad currency",
        ),
        pytest.param(
            {"locations": (LocationInput("XX", "Nowhere"),)},
            "locations.country",
            id="bad country",
        ),
        pytest.param({"locations": ()}, "locations", id="onsite without a location"),
        pytest.param({"language": "english"}, "language", id="bad language"),
        pytest.param({"title": "   "}, "title", id="blank title"),
        pytest.param({"workplace": "office"}, "workplace", id="bad workplace"),
        pytest.param({"employment_type": "gig"}, "employment_type", id="bad employment type"),
        pytest.param({"seniority": "guru"}, "seniority", id="bad seniority"),
        pytest.param(
            {"remote_countries": ("DE",)}, "remote_countries", id="remote countries onsite"
        ),
        pytest.param(
            {"requirements": (RequirementInput("Kafka", "critical"),)},
            "requirements.importance",
            id="bad importance",
        ),
        pytest.param(
            {"requirements": (RequirementInput("Kafka", min_years=99),)},
            "requirements.min_years",
            id="implausible years",
        ),
        pytest.param(
            {"requirements": (RequirementInput("   "),)},
            "requirements.name",
            id="blank requirement name",
        ),
    ],
)
async def test_invalid_fields_are_refused_naming_the_field_and_nothing_is_stored(
    draft_posting: DraftPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
    snapshot: Snapshot,
    change: dict[str, object],
    field: str,
) -> None:
    # A new requirement name rides along, so a proposal left behind would show.
    base = replace(fields, requirements=(RequirementInput("Brand New Skill"),))
    bad = replace(base, **change)  # type: ignore[arg-type]
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await draft_posting(DraftPosting(company.company_id, bad))

    assert caught.value.field == field
    assert snapshot() == before


async def test_an_invalid_posting_leaves_no_proposed_requirement_behind(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    bad = replace(
        fields,
        salary=SalaryInput(Decimal(90_000), Decimal(80_000), "EUR", "year"),
        requirements=(RequirementInput("Kafka"), RequirementInput("Terraform")),
    )

    with pytest.raises(InvariantViolated):
        await draft_posting(DraftPosting(company.company_id, bad))

    assert store.requirements == {}
    assert store.postings == {}
