"""Percolation's pure parts: saved filters round-trip, anchor keys, the exact structured check."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from application.alerts.matching import (
    CHECKS,
    TEXT_FIELDS,
    PostingFacts,
    anchor_keys,
    posting_keys,
    structured_verdict,
    text_keys,
)
from application.alerts.saved_filters import saved_search, search_filters
from application.queries.public_postings import PostingFilters

NOW = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
POSTING = PostingFacts(
    posting_id=UUID(int=1),
    countries=("DE",),
    remote_countries=("AT",),
    cities=("Berlin",),
    language="en",
    workplace="hybrid",
    employment_type="full_time",
    seniority="senior",
    company_slug="acme",
    requirement_names=("Python", "PostgreSQL"),
    salary_currency="EUR",
    annual_salary_max=Decimal("90000"),
    published_at=NOW,
    valid_through=NOW + timedelta(days=30),
    lexemes=("python", "engin", "backend"),
)


def test_every_search_filter_has_an_exact_check_or_is_the_text() -> None:
    # A filter added to the search without a check here is still matched correctly (by
    # the search's own SQL), but slowly; this test says to add its check.
    names = {f.name for f in dataclasses.fields(PostingFilters)}
    assert names - set(CHECKS) - TEXT_FIELDS == set()


def test_saved_filters_come_back_as_the_search_takes_them() -> None:
    filters = PostingFilters(
        q="rust",
        countries=("DE", "FR"),
        requirements=("Go",),
        salary_min=Decimal("50000.5"),
        currency="EUR",
        posted_within_days=7,
    )
    assert search_filters(saved_search(filters)) == filters
    assert search_filters(saved_search(PostingFilters())) == PostingFilters()


@pytest.mark.parametrize(
    ("tsquery", "keys"),
    [
        ("'rust'", {"rust"}),
        ("'rust' & 'backend'", {"backend"}),
        ("'rust' | 'go'", {"rust", "go"}),
        ("'rust' & !'java'", {"rust"}),
        ("!'java'", None),
        ("'senior' <-> 'engin'", {"senior"}),
        ("( 'a' | 'b' ) & 'python'", {"python"}),
        ("'a' | !'b'", None),
        ("'c++' & 'it''s'", {"it's"}),
        ("'pre':*", None),
        ("", None),
    ],
)
def test_a_text_is_anchored_under_lexemes_one_of_which_every_match_holds(
    tsquery: str, keys: set[str] | None
) -> None:
    assert text_keys(tsquery) == (frozenset(keys) if keys is not None else None)


def test_an_alert_is_indexed_under_its_most_selective_filter() -> None:
    assert anchor_keys(PostingFilters(company="acme", countries=("DE",)), None) == ["company:acme"]
    assert anchor_keys(PostingFilters(countries=("DE", "FR")), frozenset({"rust"})) == [
        "q:rust&country:DE",
        "q:rust&country:FR",
    ]
    assert anchor_keys(PostingFilters(requirements=("Go", "Python")), None) == ["req:Python"]
    assert anchor_keys(PostingFilters(countries=("FR", "DE")), None) == [
        "country:DE",
        "country:FR",
    ]
    assert anchor_keys(PostingFilters(), None) == ["*"]


def test_a_posting_carries_the_key_of_every_alert_that_can_match_it() -> None:
    keys = set(posting_keys(POSTING))
    for filters, text in [
        (PostingFilters(countries=("AT",)), None),  # open to remote work from Austria
        (PostingFilters(requirements=("Python",)), None),
        (PostingFilters(q="python"), frozenset({"python"})),
        (PostingFilters(q="python", countries=("AT", "FR")), frozenset({"python"})),
        (PostingFilters(requirements=("Python",), countries=("DE",)), None),
        (PostingFilters(city="Berlin"), None),
        (PostingFilters(workplaces=("remote", "hybrid")), None),
        (PostingFilters(), None),
    ]:
        assert set(anchor_keys(filters, text)) & keys


@pytest.mark.parametrize(
    ("filters", "matches"),
    [
        (PostingFilters(countries=("AT", "FR")), True),
        (PostingFilters(countries=("FR",)), False),
        (PostingFilters(city="Berlin"), True),
        (PostingFilters(city="berlin"), False),
        (PostingFilters(requirements=("Python", "PostgreSQL")), True),
        (PostingFilters(requirements=("Python", "Go")), False),
        (PostingFilters(salary_min=Decimal("90000"), currency="EUR"), True),
        (PostingFilters(salary_min=Decimal("90001"), currency="EUR"), False),
        (PostingFilters(salary_min=Decimal("1"), currency="USD"), False),
        (PostingFilters(seniority="junior"), False),
        (PostingFilters(employment_types=("contract", "full_time")), True),
        (PostingFilters(language="de"), False),
        (PostingFilters(company="other"), False),
    ],
)
def test_the_structured_check_says_what_the_search_says(
    filters: PostingFilters, matches: bool
) -> None:
    assert structured_verdict(filters, POSTING, NOW).matches is matches


def test_a_text_is_left_to_the_database_and_a_lapsed_posting_matches_nothing() -> None:
    assert structured_verdict(PostingFilters(q="python"), POSTING, NOW).needs_text
    later = POSTING.valid_through
    assert not structured_verdict(PostingFilters(), POSTING, later).matches
