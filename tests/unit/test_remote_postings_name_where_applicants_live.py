"""A public remote posting names where its applicants may live: job search engines drop a
fully remote job that names no country."""

from __future__ import annotations

import pytest

from builders import (
    a_draft_posting,
    a_location,
    a_published_posting,
    a_verified_company,
    later,
    posting_details,
    remote_posting_details,
)
from domain.errors import InvariantViolated
from domain.posting import PostingStatus
from domain.posting_values import Workplace


def test_a_remote_draft_naming_no_country_cannot_be_published() -> None:
    company = a_verified_company()
    posting = a_draft_posting(company=company, details=remote_posting_details(remote_countries=()))

    with pytest.raises(InvariantViolated) as error:
        posting.publish(company, later(hours=1))

    assert error.value.field == "remote_countries"
    assert posting.status is PostingStatus.DRAFT


def test_a_remote_draft_may_be_saved_before_it_names_its_countries() -> None:
    posting = a_draft_posting(details=remote_posting_details(remote_countries=()))

    assert posting.details.applicant_countries == ()


def test_a_remote_posting_naming_remote_countries_is_published_for_them() -> None:
    details = remote_posting_details(remote_countries=("DE", "AT"))

    posting = a_published_posting(details=details)

    assert posting.status is PostingStatus.PUBLISHED
    assert posting.details.applicant_countries == ("DE", "AT")


def test_a_remote_posting_with_an_office_is_open_to_the_office_countries() -> None:
    details = posting_details(
        workplace=Workplace.REMOTE,
        locations=(a_location(country="PT", city="Lisbon"), a_location(country="PT", city=None)),
    )

    posting = a_published_posting(details=details)

    assert posting.details.applicant_countries == ("PT",)


def test_a_published_remote_posting_cannot_be_revised_into_naming_no_country() -> None:
    posting = a_published_posting(details=remote_posting_details(remote_countries=("DE",)))

    with pytest.raises(InvariantViolated) as error:
        posting.revise(remote_posting_details(remote_countries=()), later(hours=1))

    assert error.value.field == "remote_countries"
    assert posting.details.remote_countries == ("DE",)
