"""How candidates apply: one method per posting (the employer's page, an email address or
the board), required to publish and only to publish."""

from __future__ import annotations

import dataclasses

import pytest

from builders import (
    NOW,
    a_draft_posting,
    a_published_posting,
    a_verified_company,
    later,
    posting_details,
)
from domain.application_method import ApplicationKind, ApplicationMethod
from domain.email_address import email_address
from domain.errors import ApplicationMethodMissing, InvariantViolated
from domain.events import PostingPublished, PostingRevised
from domain.posting import Posting, PostingStatus


def test_each_kind_holds_exactly_its_own_address() -> None:
    assert ApplicationMethod.at_url(" https://jobs.example.com/42 ").url == (
        "https://jobs.example.com/42"
    )
    assert ApplicationMethod.by_email("Jobs@Example.COM").email == "Jobs@example.com"
    board = ApplicationMethod.on_board()
    assert (board.kind, board.url, board.email) == (ApplicationKind.BOARD, None, None)


def test_only_a_board_application_is_a_direct_one() -> None:
    assert ApplicationMethod.on_board().on_the_board
    assert not ApplicationMethod.at_url("https://example.com").on_the_board
    assert not ApplicationMethod.by_email("jobs@example.com").on_the_board


@pytest.mark.parametrize(
    ("kind", "url", "email", "field"),
    [
        ("fax", None, None, "application_method.kind"),
        ("url", None, None, "application_method.url"),
        ("email", None, None, "application_method.email"),
        ("board", "https://example.com", None, "application_method.url"),
        ("board", None, "jobs@example.com", "application_method.email"),
        ("url", "https://example.com", "jobs@example.com", "application_method.email"),
        ("email", "https://example.com", "jobs@example.com", "application_method.url"),
    ],
)
def test_a_method_with_the_wrong_parts_names_the_part(
    kind: str, url: str | None, email: str | None, field: str
) -> None:
    with pytest.raises(InvariantViolated) as raised:
        ApplicationMethod(kind, url, email)  # type: ignore[arg-type]
    assert raised.value.field == field


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/apply",
        "javascript:alert(1)",
        "https://user:secret@example.com/",
        'https://example.com/"><script>',
        "https://localhost/apply",
        "not a url",
    ],
)
def test_an_application_url_must_be_a_plain_http_address(url: str) -> None:
    with pytest.raises(InvariantViolated) as raised:
        ApplicationMethod.at_url(url)
    assert raised.value.field == "application_method.url"


@pytest.mark.parametrize(
    "address",
    [
        "jobs@example.com",
        "first.last+board@mail.example.co.uk",
        "o'brien@example.ie",
        "hiring@xn--mnchen-3ya.de",
    ],
)
def test_real_email_addresses_are_taken(address: str) -> None:
    assert email_address(address, field="email") == address


@pytest.mark.parametrize(
    "address",
    [
        "",
        "jobs",
        "jobs@",
        "@example.com",
        "jobs@example",
        "jobs@@example.com",
        "a@b@example.com",
        "jobs@example.123",
        ".jobs@example.com",
        "jobs.@example.com",
        "jo..bs@example.com",
        '"jobs"@example.com',
        "jobs <jobs@example.com>",
        "jobs@example.com, other@example.com",
        "jobs@exa mple.com",
        "jobs@-example.com",
        "j<b>@example.com",
        "x" * 65 + "@example.com",
        "jobs@" + "a" * 250 + ".com",
    ],
)
def test_what_is_not_one_mailbox_is_refused_naming_the_field(address: str) -> None:
    with pytest.raises(InvariantViolated) as raised:
        email_address(address, field="application_method.email")
    assert raised.value.field == "application_method.email"


def test_publishing_without_an_application_method_is_refused_naming_it() -> None:
    company = a_verified_company()
    draft = a_draft_posting(company=company, details=posting_details(application_method=None))

    with pytest.raises(ApplicationMethodMissing) as raised:
        draft.publish(company, NOW)

    assert raised.value.field == "application_method"
    assert raised.value.code == "application-method-missing"
    assert draft.status is PostingStatus.DRAFT
    assert draft.pending_events == ()


def test_a_draft_needs_no_method_until_it_is_published() -> None:
    company = a_verified_company()
    draft = a_draft_posting(company=company, details=posting_details(application_method=None))

    draft.revise(posting_details(application_method=ApplicationMethod.on_board()), later(minutes=1))
    draft.publish(company, later(minutes=2))

    assert draft.status is PostingStatus.PUBLISHED
    published = draft.pending_events[-1]
    assert isinstance(published, PostingPublished)
    assert published.application_kind == "board"


def test_events_carry_the_kind_of_method_but_never_its_address() -> None:
    posting = a_draft_posting()

    posting.revise(
        posting_details(
            title="Another", application_method=ApplicationMethod.by_email("jobs@example.com")
        ),
        later(minutes=1),
    )

    (revised,) = posting.pending_events
    assert isinstance(revised, PostingRevised)
    assert revised.application_kind == "email"
    assert "jobs@example.com" not in repr(dataclasses.asdict(revised))


def _published_before_the_rule() -> Posting:
    """A posting published before the board asked for a method, as it loads from storage."""
    stored = a_published_posting()
    return Posting(
        id=stored.id,
        company_id=stored.company_id,
        details=posting_details(application_method=None),
        status=PostingStatus.PUBLISHED,
        published_at=stored.published_at,
        valid_through=stored.valid_through,
        ended_at=None,
        take_down_reason=None,
        created_at=stored.created_at,
        updated_at=stored.updated_at,
        version=stored.version,
    )


def test_a_posting_published_without_a_method_can_still_be_revised_and_closed() -> None:
    posting = _published_before_the_rule()

    posting.revise(posting_details(title="Still hiring", application_method=None), later(minutes=1))
    posting.close(later(minutes=2))

    assert posting.details.title == "Still hiring"
    assert posting.status is PostingStatus.CLOSED
