"""The shared builders make what they promise, so other suites can rely on them."""

from __future__ import annotations

from datetime import UTC

import pytest

from builders import (
    NOW,
    a_company,
    a_posting,
    a_proposed_requirement,
    a_requirement,
    a_suspended_company,
    remote_posting_details,
)
from domain.company import CompanyStatus
from domain.posting import PostingStatus
from domain.posting_values import Workplace
from domain.requirement import RequirementStatus


def test_now_is_timezone_aware_utc() -> None:
    assert NOW.tzinfo is UTC


@pytest.mark.parametrize("status", list(CompanyStatus))
def test_a_company_comes_in_the_asked_status_with_its_events_pulled(
    status: CompanyStatus,
) -> None:
    company = a_company(status=status)

    assert company.status is status
    assert company.pending_events == ()


def test_a_suspended_company_remembers_where_it_was_suspended_from() -> None:
    company = a_suspended_company(suspended_from=CompanyStatus.PENDING)

    assert company.status_before_suspension is CompanyStatus.PENDING
    assert company.version == 2


@pytest.mark.parametrize("status", list(PostingStatus))
def test_a_posting_comes_in_the_asked_status(status: PostingStatus) -> None:
    posting = a_posting(status)

    assert posting.status is status
    assert posting.pending_events == ()


def test_keep_events_keeps_the_history_that_built_the_aggregate() -> None:
    posting = a_posting(PostingStatus.CLOSED, keep_events=True)

    assert [e.version for e in posting.pending_events] == [1, 2, 3]


@pytest.mark.parametrize("status", list(RequirementStatus))
def test_a_requirement_comes_in_the_asked_status(status: RequirementStatus) -> None:
    assert a_requirement(status=status).status is status


def test_a_proposed_requirement_is_pending() -> None:
    assert a_proposed_requirement().status is RequirementStatus.PENDING


def test_remote_posting_details_are_remote_without_a_location() -> None:
    details = remote_posting_details()

    assert details.workplace is Workplace.REMOTE
    assert details.locations == ()
    assert details.remote_countries == ("DE", "AT")
