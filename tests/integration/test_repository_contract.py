"""One contract, two implementations: the in-memory fakes and the PostgreSQL adapter must
behave alike wherever a use case can tell, so tests over the fakes mean something."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backends import Backend
from builders import (
    NOW,
    a_company,
    a_company_profile,
    a_draft_posting,
    a_posting_requirement,
    a_published_posting,
    a_requirement,
    a_salary,
    a_verified_company,
    an_admin_key,
    an_employer_key,
    later,
    posting_details,
)
from domain.errors import AlreadyExists, ConcurrentModification, NotFound
from domain.posting_facts import CefrLevel, Support, WorkingLanguage
from domain.posting_values import Location, SalaryPeriod
from domain.requirement import RequirementStatus
from domain.screening import QuestionKind, ScreeningQuestion


async def test_a_committed_company_loads_back_with_the_same_state(backend: Backend) -> None:
    company = a_company(keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(company)
        await uow.commit()

    async with backend.uow() as uow:
        loaded = await uow.companies.get(company.id)

    assert loaded.profile == company.profile
    assert (loaded.slug, loaded.status, loaded.version) == (company.slug, company.status, 1)
    assert loaded.created_at == company.created_at


async def test_a_committed_posting_loads_back_with_every_detail(backend: Backend) -> None:
    company = a_verified_company(keep_events=True)
    python = a_requirement(name="Python", keep_events=True)
    details = posting_details(
        locations=[Location("DE", "Berlin"), Location("FR", None), Location("US", "Denver", "CO")],
        visa_sponsorship=Support.YES,
        relocation_support=Support.NO,
        working_languages=(WorkingLanguage("de", CefrLevel.B2), WorkingLanguage("en")),
        benefits_description="Health cover and a pension.",
        apply_by=date(2027, 1, 31),
        screening_questions=(
            ScreeningQuestion("permit", "Work permit?", QuestionKind.YES_NO, required=True),
            ScreeningQuestion("stack", "Stack?", QuestionKind.MULTI_CHOICE, choices=("a", "b")),
        ),
        salary=a_salary(
            min=Decimal("55.50"), max=Decimal("70"), currency="EUR", period=SalaryPeriod.HOUR
        ),
        requirements=[
            a_posting_requirement(requirement_id=python.id, min_years=3, detail="asyncio")
        ],
    )
    posting = a_published_posting(company=company, details=details, keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(company)
        uow.requirements.add(python)
        uow.postings.add(posting)
        await uow.commit()

    async with backend.uow() as uow:
        loaded = await uow.postings.get(posting.id)

    assert loaded.details == details
    assert (loaded.status, loaded.version) == (posting.status, posting.version)
    assert loaded.valid_through == posting.valid_through
    assert loaded.published_at == posting.published_at


async def test_a_requirement_loads_back_with_its_aliases(backend: Backend) -> None:
    requirement = a_requirement(name="PostgreSQL", aliases=["postgres", "psql"], keep_events=True)
    async with backend.uow() as uow:
        uow.requirements.add(requirement)
        await uow.commit()

    async with backend.uow() as uow:
        loaded = await uow.requirements.get(requirement.id)
        by_alias = await uow.requirements.find_by_term("psql")

    assert loaded.aliases == frozenset({"postgres", "psql"})
    assert loaded.name == "PostgreSQL"
    assert by_alias is not None and by_alias.id == requirement.id


async def test_api_keys_are_found_by_their_hash(backend: Backend) -> None:
    company = a_company(keep_events=True)
    employer = an_employer_key(company_id=company.id, key_hash="h-employer", keep_events=True)
    admin = an_admin_key(key_hash="h-admin", keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(company)
        uow.api_keys.add(employer)
        uow.api_keys.add(admin)
        await uow.commit()

    async with backend.uow() as uow:
        found = await uow.api_keys.find_by_hash("h-employer")
        missing = await uow.api_keys.find_by_hash("nope")

    assert found is not None and found.company_id == company.id
    assert missing is None


async def test_a_companys_live_keys_are_counted_without_its_revoked_or_others_keys(
    backend: Backend,
) -> None:
    company = a_company(keep_events=True)
    other = a_company(profile=a_company_profile(name="Other"), keep_events=True)
    live = [
        an_employer_key(company_id=company.id, key_hash=f"h-{n}", keep_events=True)
        for n in range(2)
    ]
    revoked = an_employer_key(company_id=company.id, key_hash="h-revoked", keep_events=True)
    revoked.revoke(later(hours=1))
    async with backend.uow() as uow:
        uow.companies.add(company)
        uow.companies.add(other)
        for key in (*live, revoked):
            uow.api_keys.add(key)
        uow.api_keys.add(an_employer_key(company_id=other.id, key_hash="h-o", keep_events=True))
        uow.api_keys.add(an_admin_key(key_hash="h-admin", keep_events=True))
        await uow.commit()

    async with backend.uow() as uow:
        counted = await uow.api_keys.count_live_for_company(company.id)
        none = await uow.api_keys.count_live_for_company(a_company(keep_events=True).id)

    assert (counted, none) == (2, 0)


async def test_a_company_is_found_by_its_exact_slug(backend: Backend) -> None:
    acme = a_company(profile=a_company_profile(name="Acme Widgets"), keep_events=True)
    other = a_company(profile=a_company_profile(name="Acme"), keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(acme)
        uow.companies.add(other)
        await uow.commit()

    async with backend.uow() as uow:
        found = await uow.companies.find_by_slug("acme-widgets")
        again = await uow.companies.get(acme.id)
        missing = await uow.companies.find_by_slug("acme-widget")

    assert found is not None
    assert (found.id, found.profile) == (acme.id, acme.profile)
    assert found is again  # one object per aggregate in a unit of work
    assert missing is None


async def test_getting_what_does_not_exist_is_not_found(backend: Backend) -> None:
    async with backend.uow() as uow:
        with pytest.raises(NotFound):
            await uow.companies.get(a_company().id)
        with pytest.raises(NotFound):
            await uow.postings.get(a_draft_posting().id)
        with pytest.raises(NotFound):
            await uow.requirements.get(a_requirement().id)


async def test_loading_twice_in_one_unit_of_work_gives_the_same_object(backend: Backend) -> None:
    company = a_company(keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(company)
        await uow.commit()

    async with backend.uow() as uow:
        assert await uow.companies.get(company.id) is await uow.companies.get(company.id)


async def test_work_that_is_not_committed_leaves_no_trace(backend: Backend) -> None:
    company = a_company(keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(company)  # and no commit

    async with backend.uow() as uow:
        with pytest.raises(NotFound):
            await uow.companies.get(company.id)
    assert await backend.outbox() == []


async def test_a_commit_writes_the_aggregates_events_to_the_outbox_in_order(
    backend: Backend,
) -> None:
    company = a_company(keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(company)
        await uow.commit()
    async with backend.uow() as uow:
        loaded = await uow.companies.get(company.id)
        loaded.verify(NOW)
        loaded.suspend("spam", NOW)
        await uow.commit()

    assert await backend.outbox() == [
        ("CompanyRegistered", str(company.id), 1),
        ("CompanyVerified", str(company.id), 2),
        ("CompanySuspended", str(company.id), 3),
    ]


async def test_a_failed_commit_writes_neither_aggregates_nor_events(backend: Backend) -> None:
    first = a_company(profile=a_company_profile(name="Acme"), keep_events=True)
    twin = a_company(profile=a_company_profile(name="ACME"), keep_events=True)  # same slug
    async with backend.uow() as uow:
        uow.companies.add(first)
        await uow.commit()

    key = an_employer_key(company_id=twin.id, key_hash="twin-key", keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(twin)
        uow.api_keys.add(key)
        with pytest.raises(AlreadyExists) as error:
            await uow.commit()

    assert error.value.field == "name"
    assert [e[0] for e in await backend.outbox()] == ["CompanyRegistered"]
    async with backend.uow() as uow:
        assert await uow.api_keys.find_by_hash("twin-key") is None


async def test_a_stale_write_is_refused(backend: Backend) -> None:
    company = a_company(keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(company)
        await uow.commit()

    async with backend.uow() as first, backend.uow() as second:
        mine = await first.companies.get(company.id)
        theirs = await second.companies.get(company.id)
        mine.verify(NOW)
        await first.commit()
        theirs.suspend("too late", NOW)
        with pytest.raises(ConcurrentModification):
            await second.commit()

    async with backend.uow() as uow:
        assert (await uow.companies.get(company.id)).status.value == "verified"


async def test_requirement_terms_are_unique_across_the_catalogue(backend: Backend) -> None:
    async with backend.uow() as uow:
        uow.requirements.add(
            a_requirement(name="PostgreSQL", aliases=["postgres"], keep_events=True)
        )
        await uow.commit()

    async with backend.uow() as uow:
        uow.requirements.add(a_requirement(name="Postgres", keep_events=True))
        with pytest.raises(AlreadyExists):
            await uow.commit()


async def test_a_merge_moves_terms_between_entries_in_one_commit(backend: Backend) -> None:
    target = a_requirement(name="PostgreSQL", keep_events=True)
    duplicate = a_requirement(name="Postgres", aliases=["pg"], keep_events=True)
    async with backend.uow() as uow:
        uow.requirements.add(target)
        uow.requirements.add(duplicate)
        await uow.commit()

    async with backend.uow() as uow:
        source = await uow.requirements.get(duplicate.id)
        into = await uow.requirements.get(target.id)
        source.merge_into(into, NOW)
        await uow.commit()

    async with backend.uow() as uow:
        found = await uow.requirements.find_by_term("pg")
        merged = await uow.requirements.merged_into(target.id)
        assert found is not None and found.id == target.id
        assert found.aliases == frozenset({"postgres", "pg"})
        assert [r.id for r in merged] == [duplicate.id]
        assert merged[0].status is RequirementStatus.MERGED


async def test_a_companys_postings_are_listed_newest_first_and_only_its_own(
    backend: Backend,
) -> None:
    mine, other = (
        a_verified_company(keep_events=True),
        a_verified_company(profile=a_company_profile(name="Other"), keep_events=True),
    )
    old = a_draft_posting(company=mine, now=NOW, keep_events=True)
    new = a_draft_posting(company=mine, now=later(hours=1), keep_events=True)
    foreign = a_draft_posting(company=other, keep_events=True)
    async with backend.uow() as uow:
        for aggregate in (mine, other):
            uow.companies.add(aggregate)
        for posting in (old, new, foreign):
            uow.postings.add(posting)
        await uow.commit()

    async with backend.uow() as uow:
        listed = await uow.postings.list_for_company(mine.id)

    assert [p.id for p in listed] == [new.id, old.id]


async def test_postings_past_validity_are_the_published_ones_whose_time_is_up(
    backend: Backend,
) -> None:
    company = a_verified_company(keep_events=True)
    lapsing = a_published_posting(company=company, valid_through=later(days=1), keep_events=True)
    lasting = a_published_posting(company=company, valid_through=later(days=30), keep_events=True)
    draft = a_draft_posting(company=company, keep_events=True)
    async with backend.uow() as uow:
        uow.companies.add(company)
        for posting in (lapsing, lasting, draft):
            uow.postings.add(posting)
        await uow.commit()

    async with backend.uow() as uow:
        due = await uow.postings.ids_past_validity(later(days=2), limit=10)

    assert due == [lapsing.id]


async def test_requirements_changed_and_changed_back_in_one_unit_of_work_are_saved(
    backend: Backend,
) -> None:
    company = a_verified_company(keep_events=True)
    python, kafka = (a_requirement(name=n, keep_events=True) for n in ("Python", "Kafka"))
    only_python = posting_details(requirements=[a_posting_requirement(requirement_id=python.id)])
    both = posting_details(
        requirements=[
            a_posting_requirement(requirement_id=python.id),
            a_posting_requirement(requirement_id=kafka.id, min_years=2),
        ]
    )
    posting = a_draft_posting(company=company, details=only_python, keep_events=True)
    async with backend.uow() as uow:
        for aggregate in (python, kafka):
            uow.requirements.add(aggregate)
        uow.companies.add(company)
        uow.postings.add(posting)
        await uow.commit()

    async with backend.uow() as uow:
        loaded = await uow.postings.get(posting.id)
        loaded.revise(both, later(minutes=1))
        await uow.commit()
        loaded.revise(only_python, later(minutes=2))  # back to what the unit of work first loaded
        await uow.commit()
    async with backend.uow() as uow:
        assert (await uow.postings.get(posting.id)).details == only_python

    async with backend.uow() as uow:
        loaded = await uow.postings.get(posting.id)
        loaded.revise(both, later(minutes=3))
        await uow.commit()
    async with backend.uow() as uow:
        assert (await uow.postings.get(posting.id)).details == both
