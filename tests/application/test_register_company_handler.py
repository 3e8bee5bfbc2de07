"""Signing a company up, and changing what it says about itself."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from application.auth import Authenticate
from application.commands.register_company import (
    RegisterCompany,
    RegisterCompanyHandler,
    RegisteredCompany,
)
from application.commands.update_company_profile import (
    UpdateCompanyProfile,
    UpdateCompanyProfileHandler,
)
from domain.api_key import Audience
from domain.company import CompanyStatus
from domain.errors import AlreadyExists, InvariantViolated, NotFound
from domain.events import ApiKeyIssued, CompanyProfileUpdated, CompanyRegistered
from domain.ids import CompanyId
from fakes import InMemoryStore, PlainSecrets, SequentialIds

# RegisterCompany


async def test_registering_stores_a_pending_company_with_a_slug_derived_from_its_name(
    register_company: RegisterCompanyHandler, store: InMemoryStore
) -> None:
    registered = await register_company(
        RegisterCompany("Zürich Data & Co.", "ch", website="https://zdc.example")
    )

    company = store.companies[registered.company_id]
    assert company.status is CompanyStatus.PENDING
    assert company.slug == "zurich-data-co"
    assert company.profile.name == "Zürich Data & Co."
    assert company.profile.country == "CH"
    assert company.profile.website == "https://zdc.example"


async def test_registering_issues_an_employer_key_of_which_only_the_hash_is_kept(
    register_company: RegisterCompanyHandler, store: InMemoryStore
) -> None:
    registered = await register_company(RegisterCompany("Acme Analytics", "DE"))

    (key,) = store.api_keys.values()
    assert key.audience is Audience.EMPLOYER
    assert key.company_id == registered.company_id
    assert key.is_active
    assert key.key_hash == PlainSecrets().hash(registered.api_key)
    assert registered.api_key.startswith("jbe_")
    assert registered.api_key not in key.key_hash


async def test_registering_puts_company_registered_and_api_key_issued_in_the_outbox(
    register_company: RegisterCompanyHandler, store: InMemoryStore
) -> None:
    registered = await register_company(RegisterCompany("Acme Analytics", "DE"))

    (key,) = store.api_keys.values()
    registered_event, issued_event = store.outbox
    assert isinstance(registered_event, CompanyRegistered)
    assert registered_event.aggregate_id == registered.company_id
    assert (registered_event.name, registered_event.slug) == ("Acme Analytics", "acme-analytics")
    assert registered_event.country == "DE"
    assert isinstance(issued_event, ApiKeyIssued)
    assert issued_event.aggregate_id == key.id
    assert issued_event.company_id == registered.company_id
    assert issued_event.audience == "employer"


async def test_the_key_handed_out_at_registration_authenticates_as_the_company(
    register_company: RegisterCompanyHandler,
    authenticate: Authenticate,
) -> None:
    registered = await register_company(RegisterCompany("Acme Analytics", "DE"))

    principal = await authenticate(registered.api_key)

    assert principal.employer_company() == registered.company_id


async def test_a_name_whose_slug_is_taken_is_refused_and_leaves_nothing_behind(
    register_company: RegisterCompanyHandler, snapshot: Callable[[], object]
) -> None:
    await register_company(RegisterCompany("Acme Analytics", "DE"))
    before = snapshot()

    with pytest.raises(AlreadyExists) as caught:
        await register_company(RegisterCompany("ACME  analytics!", "FR"))

    assert caught.value.field == "name"
    assert snapshot() == before


async def test_an_invalid_registration_names_the_field_and_stores_nothing(
    register_company: RegisterCompanyHandler, snapshot: Callable[[], object]
) -> None:
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await register_company(RegisterCompany("Acme Analytics", "XX"))

    assert caught.value.field == "country"
    assert snapshot() == before


# UpdateCompanyProfile


async def test_updating_changes_only_the_fields_that_are_set(
    update_company_profile: UpdateCompanyProfileHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
) -> None:
    await update_company_profile(
        UpdateCompanyProfile(company.company_id, description="We count things, carefully.")
    )

    profile = store.companies[company.company_id].profile
    assert profile.description == "We count things, carefully."
    assert profile.name == "Acme Analytics"
    assert profile.website == "https://acme.example"
    assert profile.country == "DE"


async def test_renaming_a_company_keeps_its_slug(
    update_company_profile: UpdateCompanyProfileHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
) -> None:
    await update_company_profile(UpdateCompanyProfile(company.company_id, name="Acme Insights"))

    updated = store.companies[company.company_id]
    assert updated.profile.name == "Acme Insights"
    assert updated.slug == "acme-analytics"


async def test_updating_records_a_profile_updated_event(
    update_company_profile: UpdateCompanyProfileHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
) -> None:
    version = store.companies[company.company_id].version

    await update_company_profile(
        UpdateCompanyProfile(company.company_id, name="Acme Insights", country="at")
    )

    event = store.outbox[-1]
    assert isinstance(event, CompanyProfileUpdated)
    assert event.aggregate_id == company.company_id
    assert event.version == version + 1 == store.companies[company.company_id].version
    assert (event.name, event.country, event.website) == (
        "Acme Insights",
        "AT",
        "https://acme.example",
    )


async def test_an_empty_website_clears_it(
    update_company_profile: UpdateCompanyProfileHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
) -> None:
    await update_company_profile(UpdateCompanyProfile(company.company_id, website=""))

    assert store.companies[company.company_id].profile.website is None


async def test_a_none_website_clears_it_too(
    update_company_profile: UpdateCompanyProfileHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
) -> None:
    await update_company_profile(UpdateCompanyProfile(company.company_id, website=None))

    assert store.companies[company.company_id].profile.website is None


async def test_an_update_that_changes_nothing_records_nothing(
    update_company_profile: UpdateCompanyProfileHandler,
    company: RegisteredCompany,
    snapshot: Callable[[], object],
) -> None:
    before = snapshot()

    await update_company_profile(UpdateCompanyProfile(company.company_id))
    await update_company_profile(
        UpdateCompanyProfile(company.company_id, name="Acme Analytics", country="de")
    )

    assert snapshot() == before


async def test_an_invalid_update_names_the_field_and_changes_nothing(
    update_company_profile: UpdateCompanyProfileHandler,
    company: RegisteredCompany,
    snapshot: Callable[[], object],
) -> None:
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await update_company_profile(
            UpdateCompanyProfile(company.company_id, description="Better.", website="ftp://x")
        )

    assert caught.value.field == "website"
    assert snapshot() == before


async def test_updating_an_unknown_company_is_not_found(
    update_company_profile: UpdateCompanyProfileHandler, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await update_company_profile(UpdateCompanyProfile(CompanyId(ids.new_id()), name="Ghost"))
