"""The Posting aggregate: drafting, revising and the draft -> published -> ended lifecycle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from builders import (
    NOW,
    a_company,
    a_company_id,
    a_draft_posting,
    a_posting,
    a_posting_id,
    a_published_posting,
    a_suspended_company,
    a_verified_company,
    earlier,
    later,
    posting_details,
)
from domain.company import CompanyStatus
from domain.errors import CompanyCannotPublish, InvalidTransition, InvariantViolated
from domain.events import (
    PostingClosed,
    PostingDrafted,
    PostingExpired,
    PostingPublished,
    PostingRevised,
    PostingTakenDown,
)
from domain.posting import DEFAULT_VALIDITY, MAX_VALIDITY, Posting, PostingStatus

ENDED = [PostingStatus.CLOSED, PostingStatus.EXPIRED, PostingStatus.TAKEN_DOWN]
ALL_BUT_DRAFT = [s for s in PostingStatus if s is not PostingStatus.DRAFT]
# A rejected posting is published again (to review) once revised: see test_moderation.
NOT_PUBLISHABLE = [s for s in ALL_BUT_DRAFT if s is not PostingStatus.REJECTED]
ALL_BUT_PUBLISHED = [s for s in PostingStatus if s is not PostingStatus.PUBLISHED]
ALL_BUT_TAKEN_DOWN = [s for s in PostingStatus if s is not PostingStatus.TAKEN_DOWN]


# Drafting


def test_drafting_a_posting_starts_it_as_a_draft_at_version_one() -> None:
    posting_id, company_id = a_posting_id(), a_company_id()
    details = posting_details(title="Data Engineer", language="de")

    posting = Posting.draft(posting_id, company_id, details, NOW)

    assert posting.id == posting_id
    assert posting.company_id == company_id
    assert posting.details == details
    assert posting.status is PostingStatus.DRAFT
    assert posting.published_at is None
    assert posting.valid_through is None
    assert posting.ended_at is None
    assert posting.take_down_reason is None
    assert posting.created_at == posting.updated_at == NOW
    assert posting.version == 1
    assert posting.pending_events == (
        PostingDrafted(posting_id, 1, NOW, company_id, "Data Engineer", "de", "url"),
    )


def test_a_draft_is_never_past_its_validity() -> None:
    assert a_draft_posting().is_past_validity(later(days=10_000)) is False


# Revising


@pytest.mark.parametrize("status", [PostingStatus.DRAFT, PostingStatus.PUBLISHED])
def test_a_draft_or_published_posting_can_be_revised(status: PostingStatus) -> None:
    posting = a_posting(status)
    version = posting.version
    new_details = posting_details(title="Staff Data Engineer", language="fr")

    posting.revise(new_details, later(hours=2))

    assert posting.details == new_details
    assert posting.status is status
    assert posting.updated_at == later(hours=2)
    assert posting.created_at == NOW
    assert posting.version == version + 1
    assert posting.pending_events == (
        PostingRevised(
            posting.id,
            version + 1,
            later(hours=2),
            posting.company_id,
            "Staff Data Engineer",
            "fr",
            "url",
        ),
    )


def test_revising_a_published_posting_keeps_it_on_the_board_until_the_same_date() -> None:
    posting = a_published_posting(valid_through=later(days=30))

    posting.revise(posting_details(title="Updated"), later(days=1))

    assert posting.published_at == NOW
    assert posting.valid_through == later(days=30)


@pytest.mark.parametrize("status", ENDED)
def test_a_closed_expired_or_taken_down_posting_cannot_be_revised(status: PostingStatus) -> None:
    posting = a_posting(status)
    details_before, version = posting.details, posting.version

    with pytest.raises(InvalidTransition):
        posting.revise(posting_details(title="Sneaky edit"), later(days=100))

    assert posting.details == details_before
    assert posting.version == version
    assert posting.pending_events == ()


@pytest.mark.parametrize("status", ENDED)
def test_an_ended_posting_cannot_be_revised_even_with_equal_details(
    status: PostingStatus,
) -> None:
    posting = a_posting(status)

    with pytest.raises(InvalidTransition):
        posting.revise(posting.details, later(days=100))


@pytest.mark.parametrize("status", [PostingStatus.DRAFT, PostingStatus.PUBLISHED])
def test_revising_with_equal_details_records_nothing(status: PostingStatus) -> None:
    posting = a_posting(status, details=posting_details(title="Engineer", language="en"))
    version = posting.version

    posting.revise(posting_details(title="  Engineer ", language="EN"), later(days=1))

    assert posting.pending_events == ()
    assert posting.version == version
    assert posting.updated_at == NOW


# Publishing


def test_publishing_a_draft_puts_it_on_the_board_for_60_days_by_default() -> None:
    company = a_verified_company()
    posting = a_draft_posting(company=company)

    posting.publish(company, later(hours=1))

    assert timedelta(days=60) == DEFAULT_VALIDITY
    assert posting.status is PostingStatus.PUBLISHED
    assert posting.published_at == later(hours=1)
    assert posting.valid_through == later(hours=1) + timedelta(days=60)
    assert posting.updated_at == later(hours=1)
    assert posting.ended_at is None
    assert posting.version == 2
    assert posting.pending_events == (
        PostingPublished(
            posting.id,
            2,
            later(hours=1),
            company.id,
            later(hours=1),
            later(hours=1) + timedelta(days=60),
            "url",
        ),
    )


@pytest.mark.parametrize(
    "valid_through",
    [later(seconds=1), later(days=1), later(days=90), NOW + MAX_VALIDITY],
    ids=["one second", "one day", "90 days", "exactly 180 days"],
)
def test_publishing_takes_a_chosen_end_date_up_to_180_days_ahead(
    valid_through: datetime,
) -> None:
    company = a_verified_company()
    posting = a_draft_posting(company=company)

    posting.publish(company, NOW, valid_through)

    assert timedelta(days=180) == MAX_VALIDITY
    assert posting.valid_through == valid_through
    assert posting.pending_events == (
        PostingPublished(posting.id, 2, NOW, company.id, NOW, valid_through, "url"),
    )


def test_an_end_date_given_in_another_zone_is_kept_in_utc() -> None:
    company = a_verified_company()
    posting = a_draft_posting(company=company)
    in_berlin = later(days=30).astimezone(timezone(timedelta(hours=2)))

    posting.publish(company, NOW, in_berlin)

    assert posting.valid_through == in_berlin
    assert posting.valid_through is not None and posting.valid_through.tzinfo is UTC
    assert posting.pending_events[0].valid_through.tzinfo is UTC  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "valid_through",
    [NOW + MAX_VALIDITY + timedelta(seconds=1), later(days=365)],
    ids=["180 days and a second", "a year"],
)
def test_publishing_refuses_an_end_date_more_than_180_days_ahead(
    valid_through: datetime,
) -> None:
    company = a_verified_company()
    posting = a_draft_posting(company=company)

    with pytest.raises(InvariantViolated) as error:
        posting.publish(company, NOW, valid_through)

    assert error.value.field == "valid_through"
    assert posting.status is PostingStatus.DRAFT
    assert posting.pending_events == ()


@pytest.mark.parametrize(
    "valid_through",
    [NOW, earlier(seconds=1), earlier(days=3)],
    ids=["now", "a second ago", "3 days ago"],
)
def test_publishing_refuses_an_end_date_that_is_not_in_the_future(
    valid_through: datetime,
) -> None:
    company = a_verified_company()
    posting = a_draft_posting(company=company)

    with pytest.raises(InvariantViolated) as error:
        posting.publish(company, NOW, valid_through)

    assert error.value.field == "valid_through"
    assert posting.status is PostingStatus.DRAFT
    assert posting.valid_through is None
    assert posting.pending_events == ()


@pytest.mark.parametrize(
    ("status", "suspended_from"),
    [
        (CompanyStatus.PENDING, CompanyStatus.VERIFIED),
        (CompanyStatus.SUSPENDED, CompanyStatus.VERIFIED),
        (CompanyStatus.SUSPENDED, CompanyStatus.PENDING),
    ],
    ids=["pending", "suspended after verification", "suspended while pending"],
)
def test_publishing_requires_a_verified_company(
    status: CompanyStatus, suspended_from: CompanyStatus
) -> None:
    company = a_company(status=status, suspended_from=suspended_from)
    posting = a_draft_posting(company=company)

    with pytest.raises(CompanyCannotPublish) as error:
        posting.publish(company, NOW)

    assert error.value.code == "company-cannot-publish"
    assert posting.status is PostingStatus.DRAFT
    assert posting.published_at is None
    assert posting.pending_events == ()


def test_a_pending_company_is_told_it_must_be_verified_first() -> None:
    company = a_company(status=CompanyStatus.PENDING)

    with pytest.raises(CompanyCannotPublish, match="verified first"):
        a_draft_posting(company=company).publish(company, NOW)


def test_a_reinstated_verified_company_can_publish_again() -> None:
    company = a_suspended_company(suspended_from=CompanyStatus.VERIFIED)
    company.reinstate(NOW)
    posting = a_draft_posting(company=company)

    posting.publish(company, NOW)

    assert posting.status is PostingStatus.PUBLISHED


def test_a_posting_is_published_only_by_its_own_company() -> None:
    owner, other = a_verified_company(), a_verified_company()
    posting = a_draft_posting(company=owner)

    with pytest.raises(InvariantViolated):
        posting.publish(other, NOW)

    assert posting.status is PostingStatus.DRAFT
    assert posting.pending_events == ()


@pytest.mark.parametrize("status", NOT_PUBLISHABLE)
def test_only_a_draft_can_be_published(status: PostingStatus) -> None:
    company = a_verified_company()
    posting = a_posting(status, company=company)
    published_at, valid_through = posting.published_at, posting.valid_through

    with pytest.raises(InvalidTransition):
        posting.publish(company, later(days=200))

    assert posting.status is status
    assert posting.published_at == published_at
    assert posting.valid_through == valid_through
    assert posting.pending_events == ()


# Closing


def test_closing_a_published_posting_ends_it() -> None:
    posting = a_published_posting()

    posting.close(later(days=5))

    assert posting.status is PostingStatus.CLOSED
    assert posting.ended_at == later(days=5)
    assert posting.updated_at == later(days=5)
    assert posting.pending_events == (
        PostingClosed(posting.id, 3, later(days=5), posting.company_id),
    )


@pytest.mark.parametrize("status", ALL_BUT_PUBLISHED)
def test_only_a_published_posting_can_be_closed(status: PostingStatus) -> None:
    posting = a_posting(status)
    ended_at = posting.ended_at

    with pytest.raises(InvalidTransition):
        posting.close(later(days=5))

    assert posting.status is status
    assert posting.ended_at == ended_at
    assert posting.pending_events == ()


# Expiring


@pytest.mark.parametrize("after", [timedelta(0), timedelta(seconds=1), timedelta(days=3)])
def test_a_published_posting_expires_once_its_validity_has_passed(after: timedelta) -> None:
    posting = a_published_posting(valid_through=later(days=30))
    moment = later(days=30) + after

    assert posting.is_past_validity(moment) is True
    posting.expire(moment)

    assert posting.status is PostingStatus.EXPIRED
    assert posting.ended_at == moment
    assert posting.updated_at == moment
    assert posting.valid_through == later(days=30)
    assert posting.pending_events == (
        PostingExpired(posting.id, 3, moment, posting.company_id, later(days=30)),
    )


def test_a_published_posting_cannot_expire_while_still_valid() -> None:
    posting = a_published_posting(valid_through=later(days=30))
    moment = later(days=30) - timedelta(seconds=1)

    assert posting.is_past_validity(moment) is False
    with pytest.raises(InvalidTransition):
        posting.expire(moment)

    assert posting.status is PostingStatus.PUBLISHED
    assert posting.ended_at is None
    assert posting.pending_events == ()


@pytest.mark.parametrize("status", ALL_BUT_PUBLISHED)
def test_only_a_published_posting_can_expire(status: PostingStatus) -> None:
    posting = a_posting(status)

    with pytest.raises(InvalidTransition):
        posting.expire(later(days=1000))

    assert posting.status is status
    assert posting.pending_events == ()


# Taking down


@pytest.mark.parametrize("status", ALL_BUT_TAKEN_DOWN)
def test_an_admin_can_take_down_a_posting_in_any_other_state(status: PostingStatus) -> None:
    posting = a_posting(status)
    version = posting.version

    posting.take_down("  scam  ", later(days=7))

    assert posting.status is PostingStatus.TAKEN_DOWN
    assert posting.take_down_reason == "scam"
    assert posting.ended_at == later(days=7)
    assert posting.updated_at == later(days=7)
    assert posting.pending_events == (
        PostingTakenDown(posting.id, version + 1, later(days=7), posting.company_id, "scam"),
    )


def test_a_posting_cannot_be_taken_down_twice() -> None:
    posting = a_posting(PostingStatus.TAKEN_DOWN)
    ended_at = posting.ended_at

    with pytest.raises(InvalidTransition):
        posting.take_down("again", later(days=7))

    assert posting.take_down_reason == "breaks the rules"
    assert posting.ended_at == ended_at
    assert posting.pending_events == ()


@pytest.mark.parametrize("reason", ["", "   ", "r" * 1001])
def test_taking_down_needs_a_reason_of_at_most_1000_characters(reason: str) -> None:
    posting = a_published_posting()

    with pytest.raises(InvariantViolated) as error:
        posting.take_down(reason, later(days=1))

    assert error.value.field == "reason"
    assert posting.status is PostingStatus.PUBLISHED
    assert posting.take_down_reason is None
    assert posting.pending_events == ()


def test_taking_down_a_published_posting_keeps_its_publication_facts() -> None:
    posting = a_published_posting(valid_through=later(days=20))

    posting.take_down("spam", later(days=1))

    assert posting.published_at == NOW
    assert posting.valid_through == later(days=20)


# The whole table of lifecycle moves


@pytest.mark.parametrize(
    ("status", "act", "allowed"),
    [
        (PostingStatus.DRAFT, "revise", True),
        (PostingStatus.DRAFT, "publish", True),
        (PostingStatus.DRAFT, "close", False),
        (PostingStatus.DRAFT, "expire", False),
        (PostingStatus.DRAFT, "take_down", True),
        (PostingStatus.PUBLISHED, "revise", True),
        (PostingStatus.PUBLISHED, "publish", False),
        (PostingStatus.PUBLISHED, "close", True),
        (PostingStatus.PUBLISHED, "expire", True),
        (PostingStatus.PUBLISHED, "take_down", True),
        (PostingStatus.CLOSED, "revise", False),
        (PostingStatus.CLOSED, "publish", False),
        (PostingStatus.CLOSED, "close", False),
        (PostingStatus.CLOSED, "expire", False),
        (PostingStatus.CLOSED, "take_down", True),
        (PostingStatus.EXPIRED, "revise", False),
        (PostingStatus.EXPIRED, "publish", False),
        (PostingStatus.EXPIRED, "close", False),
        (PostingStatus.EXPIRED, "expire", False),
        (PostingStatus.EXPIRED, "take_down", True),
        (PostingStatus.TAKEN_DOWN, "revise", False),
        (PostingStatus.TAKEN_DOWN, "publish", False),
        (PostingStatus.TAKEN_DOWN, "close", False),
        (PostingStatus.TAKEN_DOWN, "expire", False),
        (PostingStatus.TAKEN_DOWN, "take_down", False),
    ],
)
def test_the_lifecycle_allows_exactly_these_moves(
    status: PostingStatus, act: str, allowed: bool
) -> None:
    company = a_verified_company()
    posting = a_posting(status, company=company)
    # Late enough for a published posting to have expired, early enough to publish a draft.
    moment = later(days=61)
    version = posting.version

    def do() -> None:
        if act == "revise":
            posting.revise(posting_details(title="Something new"), moment)
        elif act == "publish":
            posting.publish(company, moment)
        elif act == "close":
            posting.close(moment)
        elif act == "expire":
            posting.expire(moment)
        else:
            posting.take_down("reason", moment)

    if allowed:
        do()
        assert posting.version == version + 1
        assert [e.version for e in posting.pending_events] == [version + 1]
    else:
        with pytest.raises(InvalidTransition):
            do()
        assert posting.status is status
        assert posting.version == version
        assert posting.pending_events == ()


def test_a_full_lifecycle_records_consecutive_versions() -> None:
    company = a_verified_company()
    posting = a_draft_posting(company=company, keep_events=True)
    posting.revise(posting_details(title="v2"), later(minutes=1))
    posting.publish(company, later(minutes=2), later(days=10))
    posting.revise(posting_details(title="v3"), later(minutes=3))
    posting.expire(later(days=10))
    posting.take_down("policy", later(days=11))

    events = posting.pull_events()

    assert [type(e) for e in events] == [
        PostingDrafted,
        PostingRevised,
        PostingPublished,
        PostingRevised,
        PostingExpired,
        PostingTakenDown,
    ]
    assert [e.version for e in events] == [1, 2, 3, 4, 5, 6]
    assert posting.version == 6
    assert posting.pending_events == ()
