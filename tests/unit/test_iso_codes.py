"""The ISO code lists and the guards shared by value objects and aggregates."""

from __future__ import annotations

from enum import StrEnum

import pytest

from domain.errors import InvariantViolated
from domain.guards import clean_text, member, require
from domain.iso_codes import (
    COUNTRIES,
    CURRENCIES,
    LANGUAGES,
    country_code,
    currency_code,
    language_code,
)

# ISO codes


def test_the_lists_hold_every_officially_assigned_code() -> None:
    assert len(COUNTRIES) == 249
    assert len(LANGUAGES) == 184
    assert all(len(c) == 2 and c.isupper() for c in COUNTRIES)
    assert all(len(c) == 2 and c.islower() for c in LANGUAGES)
    assert all(len(c) == 3 and c.isupper() for c in CURRENCIES)


@pytest.mark.parametrize(("value", "code"), [("DE", "DE"), ("de", "DE"), (" Us ", "US")])
def test_a_country_code_is_accepted_in_any_case_and_given_back_upper_case(
    value: str, code: str
) -> None:
    assert country_code(value) == code


@pytest.mark.parametrize("value", ["", "XX", "UK", "EU", "DEU", "D", "YU", "AN"])
def test_an_unknown_or_withdrawn_country_code_is_refused(value: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        country_code(value)

    assert error.value.field == "country"


def test_a_country_code_error_names_the_field_it_was_asked_for() -> None:
    with pytest.raises(InvariantViolated) as error:
        country_code("XX", field="locations.country")

    assert error.value.field == "locations.country"


@pytest.mark.parametrize(("value", "code"), [("en", "en"), ("EN", "en"), (" Pt ", "pt")])
def test_a_language_code_is_accepted_in_any_case_and_given_back_lower_case(
    value: str, code: str
) -> None:
    assert language_code(value) == code


@pytest.mark.parametrize("value", ["", "xx", "eng", "en-GB", "e"])
def test_an_unknown_language_code_is_refused(value: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        language_code(value, field="spoken")

    assert error.value.field == "spoken"


@pytest.mark.parametrize(("value", "code"), [("EUR", "EUR"), ("eur", "EUR"), (" Gbp ", "GBP")])
def test_a_currency_code_is_accepted_in_any_case_and_given_back_upper_case(
    value: str, code: str
) -> None:
    assert currency_code(value) == code


@pytest.mark.parametrize("value", ["", "XXX", "EURO", "DEM", "FRF", "HRK", "SLL", "$"])
def test_an_unknown_or_withdrawn_currency_code_is_refused(value: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        currency_code(value)

    assert error.value.field == "currency"


# Guards


def test_require_passes_silently_when_the_condition_holds() -> None:
    require(True, "never raised", field="x")


def test_require_raises_an_invariant_violation_with_message_and_field() -> None:
    with pytest.raises(InvariantViolated) as error:
        require(False, "x must be positive", field="x")

    assert error.value.message == "x must be positive"
    assert error.value.field == "x"


def test_clean_text_strips_surrounding_whitespace() -> None:
    assert clean_text("  hello world \n", field="f", max_length=20) == "hello world"


@pytest.mark.parametrize(
    ("value", "allow_empty", "ok"),
    [
        ("", False, False),
        ("   ", False, False),
        ("", True, True),
        ("  ", True, True),
        ("x" * 10, False, True),
        ("x" * 11, False, False),
        ("  " + "x" * 10 + "  ", False, True),
        ("a\x00b", False, False),
    ],
)
def test_clean_text_checks_emptiness_length_and_nul_characters(
    value: str, allow_empty: bool, ok: bool
) -> None:
    if ok:
        assert len(clean_text(value, field="f", max_length=10, allow_empty=allow_empty)) <= 10
    else:
        with pytest.raises(InvariantViolated) as error:
            clean_text(value, field="f", max_length=10, allow_empty=allow_empty)
        assert error.value.field == "f"


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


def test_member_gives_the_enum_member_named_by_a_value() -> None:
    assert member(Colour, "red", field="colour") is Colour.RED
    assert member(Colour, Colour.GREEN, field="colour") is Colour.GREEN


@pytest.mark.parametrize("value", ["blue", "RED", "", " red"])
def test_member_refuses_an_unknown_value_listing_the_allowed_ones(value: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        member(Colour, value, field="colour")

    assert error.value.field == "colour"
    assert "red, green" in error.value.message
