"""The Company aggregate: registration, its profile and the verify/suspend/reinstate lifecycle."""

from __future__ import annotations

import pytest

from builders import (
    NOW,
    a_company,
    a_company_id,
    a_company_profile,
    a_suspended_company,
    a_verified_company,
    later,
)
from domain.company import Company, CompanyProfile, CompanyStatus, slugify
from domain.errors import InvalidTransition, InvariantViolated
from domain.events import (
    CompanyProfileUpdated,
    CompanyRegistered,
    CompanyReinstated,
    CompanySuspended,
    CompanyVerified,
)

# Registration


def test_registering_a_company_starts_it_pending_at_version_one() -> None:
    company_id = a_company_id()
    profile = a_company_profile(name="Acme Analytics", country="DE")

    company = Company.register(company_id, profile, NOW)

    assert company.id == company_id
    assert company.status is CompanyStatus.PENDING
    assert company.profile == profile
    assert company.slug == "acme-analytics"
    assert company.version == 1
    assert company.created_at == NOW
    assert company.updated_at == NOW
    assert company.status_before_suspension is None
    assert company.suspension_reason is None
    assert company.pending_events == (
        CompanyRegistered(company_id, 1, NOW, "Acme Analytics", "acme-analytics", "DE"),
    )


def test_a_newly_registered_company_cannot_publish() -> None:
    company = Company.register(a_company_id(), a_company_profile(), NOW)

    assert company.can_publish is False


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Acme", "acme"),
        ("Acme Analytics GmbH", "acme-analytics-gmbh"),
        ("Café Müller", "cafe-muller"),
        ("Ångström Labs", "angstrom-labs"),
        ("  --Hello,   World!--  ", "hello-world"),
        ("ACME 2000", "acme-2000"),
        ("C++ Shop", "c-shop"),
        ("Crème brûlée & Co.", "creme-brulee-co"),
        ("a" * 79 + " b", "a" * 79),
        ("x" * 200, "x" * 80),
    ],
)
def test_the_slug_is_derived_from_the_name_as_lowercase_ascii_words(name: str, slug: str) -> None:
    assert slugify(name) == slug
    company = Company.register(a_company_id(), a_company_profile(name=name), NOW)
    assert company.slug == slug


def test_a_slug_is_at_most_80_characters_and_never_ends_with_a_hyphen() -> None:
    slug = slugify("word " * 40)

    assert len(slug) <= 80
    assert not slug.endswith("-")
    assert not slug.startswith("-")


def test_registration_records_the_cleaned_profile_facts() -> None:
    company = Company.register(
        a_company_id(), a_company_profile(name="  Zürich Labs  ", country="ch"), NOW
    )

    assert company.pending_events == (
        CompanyRegistered(company.id, 1, NOW, "Zürich Labs", "zurich-labs", "CH"),
    )


# Profile


def test_a_profile_strips_its_text_and_normalises_the_country() -> None:
    profile = CompanyProfile(
        name="  Acme  ",
        website="  https://acme.example/jobs  ",
        description="  We make things.  ",
        country=" de ",
    )

    assert profile.name == "Acme"
    assert profile.website == "https://acme.example/jobs"
    assert profile.description == "We make things."
    assert profile.country == "DE"


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_a_profile_needs_a_name(name: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        a_company_profile(name=name)

    assert error.value.field == "name"


def test_a_profile_name_is_at_most_200_characters() -> None:
    assert a_company_profile(name="a" * 200).name == "a" * 200

    with pytest.raises(InvariantViolated) as error:
        a_company_profile(name="a" * 201)

    assert error.value.field == "name"


@pytest.mark.parametrize("name", ["!!!", "---", "& + *", "..."])
def test_a_profile_name_needs_at_least_one_letter_or_digit(name: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        a_company_profile(name=name)

    assert error.value.field == "name"


def test_a_profile_name_must_not_contain_nul_characters() -> None:
    with pytest.raises(InvariantViolated) as error:
        a_company_profile(name="Acme\x00Corp")

    assert error.value.field == "name"


@pytest.mark.parametrize(
    "website",
    [
        "http://acme.example",
        "https://acme.example",
        "https://acme.example/careers?lang=en",
        "HTTPS://ACME.EXAMPLE",
    ],
)
def test_a_profile_accepts_an_http_or_https_website(website: str) -> None:
    assert a_company_profile(website=website).website == website


@pytest.mark.parametrize("website", [None, "", "   "])
def test_a_profile_may_have_no_website(website: str | None) -> None:
    assert a_company_profile(website=website).website is None


@pytest.mark.parametrize(
    "website",
    [
        "acme.example",
        "ftp://acme.example",
        "javascript:alert(1)",
        "mailto:jobs@acme.example",
        "https://",
        "http:///path-only",
        "https://acme.example/" + "a" * 500,
    ],
)
def test_a_profile_refuses_a_website_that_is_not_an_http_url(website: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        a_company_profile(website=website)

    assert error.value.field == "website"


def test_a_profile_description_may_be_empty_but_not_longer_than_10000_characters() -> None:
    assert a_company_profile(description="   ").description == ""
    assert len(a_company_profile(description="d" * 10_000).description) == 10_000

    with pytest.raises(InvariantViolated) as error:
        a_company_profile(description="d" * 10_001)

    assert error.value.field == "description"


@pytest.mark.parametrize("country", ["XX", "DEU", "", "D", "EU", "UK", "12"])
def test_a_profile_refuses_a_country_that_is_not_an_iso_alpha_2_code(country: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        a_company_profile(country=country)

    assert error.value.field == "country"


@pytest.mark.parametrize(("country", "code"), [("de", "DE"), ("gB", "GB"), (" us ", "US")])
def test_a_profile_accepts_a_country_code_in_any_case(country: str, code: str) -> None:
    assert a_company_profile(country=country).country == code


def test_profiles_with_the_same_cleaned_content_are_equal() -> None:
    assert a_company_profile(name=" Acme ", country="de") == a_company_profile(
        name="Acme", country="DE"
    )


# Updating the profile


def test_updating_the_profile_replaces_it_and_records_the_new_facts() -> None:
    company = a_verified_company(profile=a_company_profile(name="Acme"))
    version = company.version
    new_profile = a_company_profile(name="Acme Group", website=None, country="AT")

    company.update_profile(new_profile, later(days=1))

    assert company.profile == new_profile
    assert company.updated_at == later(days=1)
    assert company.created_at == NOW
    assert company.version == version + 1
    assert company.pending_events == (
        CompanyProfileUpdated(company.id, version + 1, later(days=1), "Acme Group", None, "AT"),
    )


def test_updating_the_profile_keeps_the_slug_so_public_links_do_not_break() -> None:
    company = a_company(profile=a_company_profile(name="Acme"))

    company.update_profile(a_company_profile(name="Totally Different Inc"), later(days=1))

    assert company.slug == "acme"


def test_updating_the_profile_with_an_equal_one_records_nothing() -> None:
    company = a_company(profile=a_company_profile(name="Acme", country="DE"))
    version = company.version

    company.update_profile(a_company_profile(name="  Acme ", country="de"), later(days=1))

    assert company.pending_events == ()
    assert company.version == version
    assert company.updated_at == NOW


@pytest.mark.parametrize("status", list(CompanyStatus))
def test_a_company_in_any_status_can_update_its_profile(status: CompanyStatus) -> None:
    company = a_company(status=status)

    company.update_profile(a_company_profile(description="Updated."), later(hours=1))

    assert company.profile.description == "Updated."
    assert company.status is status


# Verification


def test_verifying_a_pending_company_lets_it_publish() -> None:
    company = a_company(status=CompanyStatus.PENDING)

    company.verify(later(days=2))

    assert company.status is CompanyStatus.VERIFIED
    assert company.can_publish is True
    assert company.updated_at == later(days=2)
    assert company.version == 2
    assert company.pending_events == (CompanyVerified(company.id, 2, later(days=2)),)


@pytest.mark.parametrize(
    ("status", "suspended_from"),
    [
        (CompanyStatus.VERIFIED, CompanyStatus.VERIFIED),
        (CompanyStatus.SUSPENDED, CompanyStatus.PENDING),
        (CompanyStatus.SUSPENDED, CompanyStatus.VERIFIED),
    ],
)
def test_only_a_pending_company_can_be_verified(
    status: CompanyStatus, suspended_from: CompanyStatus
) -> None:
    company = a_company(status=status, suspended_from=suspended_from)
    version = company.version

    with pytest.raises(InvalidTransition):
        company.verify(later(days=1))

    assert company.status is status
    assert company.version == version
    assert company.pending_events == ()


# Suspension


@pytest.mark.parametrize("status", [CompanyStatus.PENDING, CompanyStatus.VERIFIED])
def test_a_pending_or_verified_company_can_be_suspended(status: CompanyStatus) -> None:
    company = a_company(status=status)
    version = company.version

    company.suspend("  posts fake jobs  ", later(days=3))

    assert company.status is CompanyStatus.SUSPENDED
    assert company.status_before_suspension is status
    assert company.suspension_reason == "posts fake jobs"
    assert company.can_publish is False
    assert company.updated_at == later(days=3)
    assert company.pending_events == (
        CompanySuspended(company.id, version + 1, later(days=3), "posts fake jobs"),
    )


def test_a_suspended_company_cannot_be_suspended_again() -> None:
    company = a_suspended_company(suspended_from=CompanyStatus.VERIFIED)

    with pytest.raises(InvalidTransition):
        company.suspend("again", later(days=1))

    assert company.status_before_suspension is CompanyStatus.VERIFIED
    assert company.suspension_reason == "fake postings"
    assert company.pending_events == ()


@pytest.mark.parametrize("reason", ["", "   "])
def test_suspending_needs_a_reason(reason: str) -> None:
    company = a_verified_company()

    with pytest.raises(InvariantViolated) as error:
        company.suspend(reason, later(days=1))

    assert error.value.field == "reason"
    assert company.status is CompanyStatus.VERIFIED
    assert company.pending_events == ()


def test_a_suspension_reason_is_at_most_1000_characters() -> None:
    company = a_verified_company()

    with pytest.raises(InvariantViolated) as error:
        company.suspend("r" * 1001, later(days=1))

    assert error.value.field == "reason"
    assert company.status is CompanyStatus.VERIFIED


# Reinstatement


@pytest.mark.parametrize(
    ("suspended_from", "can_publish"),
    [(CompanyStatus.PENDING, False), (CompanyStatus.VERIFIED, True)],
)
def test_reinstating_returns_the_company_to_its_status_before_suspension(
    suspended_from: CompanyStatus, can_publish: bool
) -> None:
    company = a_suspended_company(suspended_from=suspended_from)
    version = company.version

    company.reinstate(later(days=4))

    assert company.status is suspended_from
    assert company.can_publish is can_publish
    assert company.status_before_suspension is None
    assert company.suspension_reason is None
    assert company.updated_at == later(days=4)
    assert company.pending_events == (
        CompanyReinstated(company.id, version + 1, later(days=4), suspended_from.value),
    )


@pytest.mark.parametrize("status", [CompanyStatus.PENDING, CompanyStatus.VERIFIED])
def test_only_a_suspended_company_can_be_reinstated(status: CompanyStatus) -> None:
    company = a_company(status=status)

    with pytest.raises(InvalidTransition):
        company.reinstate(later(days=1))

    assert company.status is status
    assert company.pending_events == ()


def test_a_suspended_company_without_a_remembered_status_cannot_be_reinstated() -> None:
    company = Company(
        id=a_company_id(),
        slug="acme",
        profile=a_company_profile(),
        status=CompanyStatus.SUSPENDED,
        status_before_suspension=None,
        suspension_reason="legacy",
        created_at=NOW,
        updated_at=NOW,
        version=3,
    )

    with pytest.raises(InvalidTransition):
        company.reinstate(later(days=1))

    assert company.status is CompanyStatus.SUSPENDED


def test_a_company_pending_then_suspended_then_reinstated_can_still_be_verified() -> None:
    company = a_suspended_company(suspended_from=CompanyStatus.PENDING)
    company.reinstate(later(days=1))

    company.verify(later(days=2))

    assert company.status is CompanyStatus.VERIFIED
    assert [e.version for e in company.pending_events] == [3, 4]


@pytest.mark.parametrize(
    ("status", "suspended_from", "can_publish"),
    [
        (CompanyStatus.PENDING, CompanyStatus.VERIFIED, False),
        (CompanyStatus.VERIFIED, CompanyStatus.VERIFIED, True),
        (CompanyStatus.SUSPENDED, CompanyStatus.VERIFIED, False),
        (CompanyStatus.SUSPENDED, CompanyStatus.PENDING, False),
    ],
)
def test_only_a_verified_company_that_is_not_suspended_can_publish(
    status: CompanyStatus, suspended_from: CompanyStatus, can_publish: bool
) -> None:
    assert a_company(status=status, suspended_from=suspended_from).can_publish is can_publish


def test_the_whole_lifecycle_records_one_event_per_step_with_consecutive_versions() -> None:
    company = Company.register(a_company_id(), a_company_profile(), NOW)
    company.update_profile(a_company_profile(description="New text."), later(minutes=1))
    company.verify(later(minutes=2))
    company.suspend("spam", later(minutes=3))
    company.reinstate(later(minutes=4))

    events = company.pull_events()

    assert [type(e) for e in events] == [
        CompanyRegistered,
        CompanyProfileUpdated,
        CompanyVerified,
        CompanySuspended,
        CompanyReinstated,
    ]
    assert [e.version for e in events] == [1, 2, 3, 4, 5]
    assert [e.occurred_at for e in events] == [NOW] + [later(minutes=m) for m in range(1, 5)]
    assert all(e.aggregate_id == company.id for e in events)
    assert company.version == 5
