"""What every aggregate shares: identity, versions, recorded events; and the error hierarchy."""

from __future__ import annotations

import pytest

from builders import (
    NOW,
    a_company,
    a_company_id,
    a_company_profile,
    a_draft_posting,
    a_verified_company,
    later,
)
from domain.company import Company, CompanyStatus
from domain.errors import (
    AlreadyExists,
    CompanyCannotPublish,
    ConcurrentModification,
    DomainError,
    InvalidTransition,
    InvariantViolated,
    NotFound,
    StaleVersion,
)
from domain.events import CompanyVerified, DomainEvent
from domain.ids import PostingId

# Identity


def test_aggregates_of_the_same_type_and_id_are_equal_whatever_their_state() -> None:
    company_id = a_company_id()
    pending = a_company(id=company_id, status=CompanyStatus.PENDING)
    verified = a_company(id=company_id, status=CompanyStatus.VERIFIED)

    assert pending == verified
    assert hash(pending) == hash(verified)
    assert len({pending, verified}) == 1


def test_aggregates_with_different_ids_are_not_equal() -> None:
    profile = a_company_profile()

    assert a_company(profile=profile) != a_company(profile=profile)


def test_aggregates_of_different_types_are_never_equal_even_with_the_same_uuid() -> None:
    company = a_verified_company()
    posting = a_draft_posting(id=PostingId(company.id), company=company)

    assert posting.id == company.id
    assert company != posting
    assert posting != company
    assert len({company, posting}) == 2


def test_an_aggregate_is_not_equal_to_its_bare_id() -> None:
    company = a_company()

    assert company != company.id
    assert company != object()


def test_an_aggregate_shows_its_type_id_and_version() -> None:
    company = a_verified_company()

    assert repr(company) == f"<Company {company.id} v2>"


# Versions and events


def test_every_recorded_event_raises_the_version_by_exactly_one() -> None:
    company = Company.register(a_company_id(), a_company_profile(), NOW)
    versions = [company.version]

    company.verify(later(minutes=1))
    versions.append(company.version)
    company.suspend("spam", later(minutes=2))
    versions.append(company.version)
    company.reinstate(later(minutes=3))
    versions.append(company.version)

    assert versions == [1, 2, 3, 4]
    assert [e.version for e in company.pending_events] == versions


def test_an_aggregate_loaded_at_a_version_records_the_next_one() -> None:
    company_id = a_company_id()
    company = Company(
        id=company_id,
        slug="acme",
        profile=a_company_profile(),
        status=CompanyStatus.PENDING,
        status_before_suspension=None,
        suspension_reason=None,
        created_at=NOW,
        updated_at=NOW,
        version=41,
    )

    assert company.next_version == 42
    company.verify(later(days=1))

    assert company.version == 42
    assert company.pending_events == (CompanyVerified(company_id, 42, later(days=1)),)


def test_pulling_events_hands_them_over_once_and_keeps_the_version() -> None:
    company = a_company(keep_events=True)
    company.verify(later(days=1))

    pulled = company.pull_events()

    assert [e.version for e in pulled] == [1, 2]
    assert company.pending_events == ()
    assert company.pull_events() == []
    assert company.version == 2


def test_events_recorded_after_a_pull_continue_the_version_sequence() -> None:
    company = a_company(keep_events=True)
    company.pull_events()

    company.verify(later(days=1))

    assert company.pending_events == (CompanyVerified(company.id, 2, later(days=1)),)


def test_pending_events_are_a_snapshot_the_caller_cannot_change() -> None:
    company = a_company(keep_events=True)
    snapshot = company.pending_events

    company.verify(later(days=1))

    assert isinstance(snapshot, tuple)
    assert len(snapshot) == 1
    assert len(company.pending_events) == 2


def test_events_are_immutable_facts() -> None:
    event = CompanyVerified(a_company_id(), 1, NOW)

    with pytest.raises(AttributeError):
        event.version = 2  # type: ignore[misc]


@pytest.mark.parametrize(
    ("same_aggregate", "version"),
    [(True, 1), (True, 3), (True, 0), (False, 2)],
    ids=["repeats the current version", "skips a version", "goes back", "other aggregate"],
)
def test_an_event_out_of_sequence_or_for_another_aggregate_is_refused(
    same_aggregate: bool, version: int
) -> None:
    company = a_company()
    aggregate_id = company.id if same_aggregate else a_company_id()

    with pytest.raises(AssertionError):
        company._record(DomainEvent(aggregate_id, version, NOW))

    assert company.version == 1
    assert company.pending_events == ()


# Errors


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (DomainError, "domain-error"),
        (InvariantViolated, "invariant-violated"),
        (InvalidTransition, "invalid-transition"),
        (NotFound, "not-found"),
        (AlreadyExists, "already-exists"),
        (StaleVersion, "stale-version"),
        (ConcurrentModification, "concurrent-modification"),
        (CompanyCannotPublish, "company-cannot-publish"),
    ],
)
def test_every_domain_error_has_a_stable_code_a_message_and_an_optional_field(
    error: type[DomainError], code: str
) -> None:
    raised = error("something is wrong", field="title")

    assert isinstance(raised, DomainError)
    assert raised.code == code
    assert raised.message == "something is wrong"
    assert str(raised) == "something is wrong"
    assert raised.field == "title"
    assert error("no field").field is None
