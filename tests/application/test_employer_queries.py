"""What an employer reads about itself, straight from the write side."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from application.commands.company_status import SuspendCompany, SuspendCompanyHandler
from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.posting_input import PostingFields, PostingPatch, RequirementInput
from application.commands.posting_lifecycle import (
    ClosePosting,
    ClosePostingHandler,
    PublishPosting,
    PublishPostingHandler,
    TakeDownPosting,
    TakeDownPostingHandler,
)
from application.commands.register_company import RegisteredCompany
from application.commands.requirement_catalogue import (
    AddRequirement,
    AddRequirementHandler,
    MergeRequirements,
    MergeRequirementsHandler,
    RenameRequirement,
    RenameRequirementHandler,
)
from application.commands.revise_posting import RevisePosting, RevisePostingHandler
from application.commands.update_company_profile import (
    UpdateCompanyProfile,
    UpdateCompanyProfileHandler,
)
from application.queries.employer_views import (
    GetOwnCompany,
    GetOwnCompanyHandler,
    GetOwnPosting,
    GetOwnPostingHandler,
    ListOwnPostings,
    ListOwnPostingsHandler,
)
from application.views import PlaceView, RequirementView, SalaryView
from builders import AN_ADMIN
from domain.errors import NotFound
from domain.ids import CompanyId, PostingId, RequirementId
from fakes import FixedClock, InMemoryStore, SequentialIds

# GetOwnCompany


async def test_an_employer_sees_its_own_company_and_standing(
    get_own_company: GetOwnCompanyHandler, clock: FixedClock, company: RegisteredCompany
) -> None:
    view = await get_own_company(GetOwnCompany(company.company_id))

    assert view.id == company.company_id
    assert (view.name, view.slug) == ("Acme Analytics", "acme-analytics")
    assert (view.website, view.description, view.country) == (
        "https://acme.example",
        "We count.",
        "DE",
    )
    assert view.status == "verified"
    assert view.created_at == view.updated_at == clock.now()
    assert view.version == 2


async def test_the_company_view_shows_the_latest_change_at_once(
    update_company_profile: UpdateCompanyProfileHandler,
    suspend_company: SuspendCompanyHandler,
    get_own_company: GetOwnCompanyHandler,
    clock: FixedClock,
    company: RegisteredCompany,
) -> None:
    clock.advance(timedelta(hours=1))
    await update_company_profile(UpdateCompanyProfile(company.company_id, name="Acme Insights"))
    await suspend_company(SuspendCompany(company.company_id, "spam", actor=AN_ADMIN))

    view = await get_own_company(GetOwnCompany(company.company_id))

    assert view.name == "Acme Insights"
    assert view.slug == "acme-analytics"
    assert view.status == "suspended"
    assert view.updated_at == clock.now()
    assert view.version == 4


async def test_an_unknown_company_is_not_found(
    get_own_company: GetOwnCompanyHandler, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await get_own_company(GetOwnCompany(CompanyId(ids.new_id())))


# ListOwnPostings


async def test_an_employer_lists_its_postings_in_every_status_newest_first(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    close_posting: ClosePostingHandler,
    take_down_posting: TakeDownPostingHandler,
    list_own_postings: ListOwnPostingsHandler,
    clock: FixedClock,
    company: RegisteredCompany,
    other_company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    async def drafted(title: str) -> PostingId:
        clock.advance(timedelta(minutes=1))
        return await draft_posting(DraftPosting(company.company_id, replace(fields, title=title)))

    draft = await drafted("Draft")
    published = await drafted("Published")
    closed = await drafted("Closed")
    taken_down = await drafted("Taken down")
    for posting_id in (published, closed):
        await publish_posting(PublishPosting(company.company_id, posting_id))
    await close_posting(ClosePosting(company.company_id, closed))
    await take_down_posting(TakeDownPosting(taken_down, "spam", actor=AN_ADMIN))
    await draft_posting(DraftPosting(other_company.company_id, fields))

    views = await list_own_postings(ListOwnPostings(company.company_id))

    assert [(v.id, v.status) for v in views] == [
        (taken_down, "taken_down"),
        (closed, "closed"),
        (published, "published"),
        (draft, "draft"),
    ]
    assert all(v.company_id == company.company_id for v in views)


async def test_a_company_without_postings_lists_none(
    list_own_postings: ListOwnPostingsHandler,
    other_company: RegisteredCompany,
    draft: PostingId,
) -> None:
    # ``draft`` belongs to ``company``, not to ``other_company``.
    assert await list_own_postings(ListOwnPostings(other_company.company_id)) == []


async def test_listed_postings_show_canonical_requirement_names(
    draft_posting: DraftPostingHandler,
    list_own_postings: ListOwnPostingsHandler,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
) -> None:
    await draft_posting(
        DraftPosting(
            company.company_id, replace(fields, requirements=(RequirementInput("postgres"),))
        )
    )

    (view,) = await list_own_postings(ListOwnPostings(company.company_id))

    assert [r.name for r in view.requirements] == ["PostgreSQL"]


# GetOwnPosting


async def test_an_employer_reads_its_posting_in_full(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    get_own_posting: GetOwnPostingHandler,
    clock: FixedClock,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
) -> None:
    asks = replace(
        fields,
        requirements=(
            RequirementInput("postgres", "must", min_years=3, detail="query tuning"),
            RequirementInput("Kafka", "nice"),
        ),
    )
    posting_id = await draft_posting(DraftPosting(company.company_id, asks))
    await publish_posting(PublishPosting(company.company_id, posting_id))

    view = await get_own_posting(GetOwnPosting(company.company_id, posting_id))

    assert (view.id, view.company_id, view.status, view.version) == (
        posting_id,
        company.company_id,
        "published",
        2,
    )
    assert (view.title, view.language, view.workplace) == ("Senior Data Engineer", "en", "onsite")
    assert (view.employment_type, view.seniority) == ("full_time", "senior")
    assert view.locations == (PlaceView("DE", "Berlin"),)
    assert view.salary == SalaryView(Decimal(60_000), Decimal(80_000), "EUR", "year")
    assert view.responsibilities == ("Own the ingestion pipeline",)
    assert view.requirements == (
        RequirementView("PostgreSQL", "skill", "must", 3, "query tuning"),
        RequirementView("Kafka", "skill", "nice", None, None),
    )
    assert view.published_at == clock.now()
    assert view.valid_through == clock.now() + timedelta(days=60)
    assert view.ended_at is None


async def test_another_companys_posting_is_not_found(
    get_own_posting: GetOwnPostingHandler, other_company: RegisteredCompany, draft: PostingId
) -> None:
    with pytest.raises(NotFound):
        await get_own_posting(GetOwnPosting(other_company.company_id, draft))


async def test_an_unknown_posting_is_not_found(
    get_own_posting: GetOwnPostingHandler, company: RegisteredCompany, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await get_own_posting(GetOwnPosting(company.company_id, PostingId(ids.new_id())))


async def test_the_posting_view_shows_the_latest_revision(
    revise_posting: RevisePostingHandler,
    get_own_posting: GetOwnPostingHandler,
    company: RegisteredCompany,
    draft: PostingId,
) -> None:
    await revise_posting(
        RevisePosting(company.company_id, draft, PostingPatch(title="Staff Data Engineer"))
    )

    view = await get_own_posting(GetOwnPosting(company.company_id, draft))

    assert (view.title, view.version) == ("Staff Data Engineer", 2)


async def test_requirement_views_follow_a_rename(
    draft_posting: DraftPostingHandler,
    rename_requirement: RenameRequirementHandler,
    get_own_posting: GetOwnPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
) -> None:
    posting_id = await draft_posting(
        DraftPosting(
            company.company_id, replace(fields, requirements=(RequirementInput("postgres"),))
        )
    )
    await rename_requirement(RenameRequirement(postgres, "Postgres", actor=AN_ADMIN))

    view = await get_own_posting(GetOwnPosting(company.company_id, posting_id))

    assert [r.name for r in view.requirements] == ["Postgres"]


async def test_after_a_merge_requirement_views_show_the_targets_name(
    draft_posting: DraftPostingHandler,
    get_own_posting: GetOwnPostingHandler,
    add_requirement: AddRequirementHandler,
    merge_requirements: MergeRequirementsHandler,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
) -> None:
    posting_id = await draft_posting(
        DraftPosting(
            company.company_id, replace(fields, requirements=(RequirementInput("Postgre SQL"),))
        )
    )
    view = await get_own_posting(GetOwnPosting(company.company_id, posting_id))
    assert [r.name for r in view.requirements] == ["Postgre SQL"]
    proposed = await add_requirement(AddRequirement("Postgre SQL", "skill", actor=AN_ADMIN))

    await merge_requirements(MergeRequirements(proposed, postgres, actor=AN_ADMIN))

    view = await get_own_posting(GetOwnPosting(company.company_id, posting_id))
    assert [(r.name, r.kind) for r in view.requirements] == [("PostgreSQL", "skill")]


async def test_after_a_chain_of_merges_requirement_views_show_the_final_target(
    draft_posting: DraftPostingHandler,
    add_requirement: AddRequirementHandler,
    merge_requirements: MergeRequirementsHandler,
    get_own_posting: GetOwnPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
) -> None:
    posting_id = await draft_posting(
        DraftPosting(company.company_id, replace(fields, requirements=(RequirementInput("pg"),)))
    )
    (asked,) = store.postings[posting_id].details.requirements
    middle = await add_requirement(AddRequirement("PgSQL", "skill", actor=AN_ADMIN))
    await merge_requirements(MergeRequirements(asked.requirement_id, middle, actor=AN_ADMIN))
    await merge_requirements(MergeRequirements(middle, postgres, actor=AN_ADMIN))

    view = await get_own_posting(GetOwnPosting(company.company_id, posting_id))

    assert [r.name for r in view.requirements] == ["PostgreSQL"]
