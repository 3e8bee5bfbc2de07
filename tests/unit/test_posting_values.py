"""The value objects a posting is made of: Location, SalaryRange, PostingRequirement, details."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from decimal import Decimal
from typing import Any

import pytest

from builders import (
    a_location,
    a_posting_requirement,
    a_requirement_id,
    a_salary,
    posting_details,
    remote_posting_details,
)
from domain.errors import InvariantViolated
from domain.posting_values import (
    MAX_SALARY,
    EmploymentType,
    Importance,
    Location,
    PostingDetails,
    PostingRequirement,
    SalaryPeriod,
    SalaryRange,
    Seniority,
    Workplace,
)


def raw(value: str) -> Any:
    """A plain string where the signature asks for an enum, as an adapter might pass it."""
    return value


# Location


def test_a_location_normalises_its_country_and_strips_its_city() -> None:
    location = Location(country=" fr ", city="  Paris ")

    assert location.country == "FR"
    assert location.city == "Paris"


@pytest.mark.parametrize("city", [None, "", "   "])
def test_a_location_without_a_city_is_a_whole_country(city: str | None) -> None:
    location = Location(country="DE", city=city)

    assert location.city is None
    assert location == Location(country="DE")


@pytest.mark.parametrize("country", ["XX", "", "GER", "EU"])
def test_a_location_needs_an_iso_country(country: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        Location(country=country, city="Somewhere")

    assert error.value.field == "locations.country"


def test_a_location_city_is_at_most_120_characters() -> None:
    assert a_location(city="c" * 120).city == "c" * 120

    with pytest.raises(InvariantViolated) as error:
        a_location(city="c" * 121)

    assert error.value.field == "locations.city"


def test_a_location_is_immutable() -> None:
    location = a_location()

    with pytest.raises(FrozenInstanceError):
        location.city = "Hamburg"  # type: ignore[misc]


# SalaryRange


def test_a_salary_range_normalises_its_currency_and_period() -> None:
    salary = SalaryRange(min=Decimal(50), max=Decimal(70), currency=" eur ", period=raw("hour"))

    assert salary.currency == "EUR"
    assert salary.period is SalaryPeriod.HOUR


def test_a_salary_range_may_have_equal_min_and_max() -> None:
    salary = a_salary(min=5000, max=5000, period=SalaryPeriod.MONTH)

    assert salary.min == salary.max == Decimal(5000)


def test_a_salary_range_refuses_a_min_above_its_max() -> None:
    with pytest.raises(InvariantViolated) as error:
        a_salary(min=80_001, max=80_000)

    assert error.value.field == "salary.min"


@pytest.mark.parametrize(
    ("low", "high", "field"),
    [
        (0, 100, "salary.min"),
        (-1, 100, "salary.min"),
        ("-0.01", 100, "salary.min"),
        (0, 0, "salary.min"),
        (-10, -5, "salary.min"),
    ],
)
def test_a_salary_range_must_be_greater_than_zero(
    low: int | str, high: int | str, field: str
) -> None:
    with pytest.raises(InvariantViolated) as error:
        a_salary(min=low, max=high)

    assert error.value.field == field


def test_a_salary_max_must_be_greater_than_zero() -> None:
    with pytest.raises(InvariantViolated) as error:
        SalaryRange(min=Decimal(1), max=Decimal(0), currency="EUR", period=SalaryPeriod.YEAR)

    assert error.value.field == "salary.max"


def test_a_salary_max_must_stay_below_a_trillion() -> None:
    assert a_salary(min=1, max=MAX_SALARY - 1).max == MAX_SALARY - 1

    with pytest.raises(InvariantViolated) as error:
        a_salary(min=1, max=MAX_SALARY)

    assert error.value.field == "salary.max"


def test_an_infinite_salary_is_implausibly_large() -> None:
    with pytest.raises(InvariantViolated) as error:
        a_salary(min=1, max="Infinity")

    assert error.value.field == "salary.max"


def test_a_salary_that_is_not_a_number_is_an_invariant_violation() -> None:
    with pytest.raises(InvariantViolated) as error:
        a_salary(min="NaN", max=100)

    assert error.value.field == "salary.min"


@pytest.mark.parametrize("currency", ["XXX", "EURO", "", "E", "DEM", "HRK"])
def test_a_salary_range_needs_an_iso_4217_currency(currency: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        a_salary(currency=currency)

    assert error.value.field == "salary.currency"


@pytest.mark.parametrize(("currency", "code"), [("usd", "USD"), ("Chf", "CHF"), (" jpy", "JPY")])
def test_a_salary_currency_is_accepted_in_any_case(currency: str, code: str) -> None:
    assert a_salary(currency=currency).currency == code


@pytest.mark.parametrize("period", ["week", "annual", "YEAR", ""])
def test_an_unknown_salary_period_is_an_invariant_violation_naming_the_field(
    period: str,
) -> None:
    with pytest.raises(InvariantViolated) as error:
        a_salary(period=raw(period))

    assert error.value.field == "salary.period"
    assert "hour, day, month, year" in error.value.message


@pytest.mark.parametrize(
    ("period", "annual_min", "annual_max"),
    [
        (SalaryPeriod.HOUR, Decimal(20 * 2080), Decimal(30 * 2080)),
        (SalaryPeriod.DAY, Decimal(20 * 260), Decimal(30 * 260)),
        (SalaryPeriod.MONTH, Decimal(20 * 12), Decimal(30 * 12)),
        (SalaryPeriod.YEAR, Decimal(20), Decimal(30)),
    ],
)
def test_a_salary_is_annualised_by_the_working_periods_in_a_year(
    period: SalaryPeriod, annual_min: Decimal, annual_max: Decimal
) -> None:
    salary = a_salary(min=20, max=30, period=period)

    assert salary.annual_min == annual_min
    assert salary.annual_max == annual_max


def test_annualising_keeps_decimal_precision() -> None:
    salary = a_salary(min="12.50", max="15.25", period=SalaryPeriod.HOUR)

    assert salary.annual_min == Decimal("26000.00")
    assert salary.annual_max == Decimal("31720.00")


# PostingRequirement


def test_a_posting_requirement_accepts_its_importance_as_text() -> None:
    requirement = PostingRequirement(requirement_id=a_requirement_id(), importance=raw("nice"))

    assert requirement.importance is Importance.NICE
    assert requirement.min_years is None
    assert requirement.detail is None


@pytest.mark.parametrize("importance", ["should", "MUST", "", "required"])
def test_an_unknown_importance_is_an_invariant_violation_naming_the_field(
    importance: str,
) -> None:
    with pytest.raises(InvariantViolated) as error:
        a_posting_requirement(importance=raw(importance))

    assert error.value.field == "requirements.importance"


@pytest.mark.parametrize("years", [0, 1, 10, 50])
def test_a_posting_requirement_may_ask_for_0_to_50_years(years: int) -> None:
    assert a_posting_requirement(min_years=years).min_years == years


@pytest.mark.parametrize("years", [-1, 51, 100])
def test_a_posting_requirement_refuses_years_outside_0_to_50(years: int) -> None:
    with pytest.raises(InvariantViolated) as error:
        a_posting_requirement(min_years=years)

    assert error.value.field == "requirements.min_years"


@pytest.mark.parametrize(("detail", "kept"), [("  on AWS ", "on AWS"), ("", None), ("  ", None)])
def test_a_posting_requirement_detail_is_stripped_and_blank_means_none(
    detail: str, kept: str | None
) -> None:
    assert a_posting_requirement(detail=detail).detail == kept


def test_a_posting_requirement_detail_is_at_most_500_characters() -> None:
    assert a_posting_requirement(detail="d" * 500).detail == "d" * 500

    with pytest.raises(InvariantViolated) as error:
        a_posting_requirement(detail="d" * 501)

    assert error.value.field == "requirements.detail"


# PostingDetails: text fields


def test_posting_details_are_cleaned_and_normalised() -> None:
    details = PostingDetails(
        title="  Data Engineer ",
        description="  Pipelines.  ",
        language=" DE ",
        locations=[Location(country="de", city="Berlin")],  # type: ignore[arg-type]
        workplace=raw("hybrid"),
        employment_type=raw("part_time"),
        seniority=raw("mid"),
        responsibilities=["  Build things ", "", "   ", "Run things"],  # type: ignore[arg-type]
        benefits=[" Bike ", ""],  # type: ignore[arg-type]
    )

    assert details.title == "Data Engineer"
    assert details.description == "Pipelines."
    assert details.language == "de"
    assert details.locations == (Location(country="DE", city="Berlin"),)
    assert details.workplace is Workplace.HYBRID
    assert details.employment_type is EmploymentType.PART_TIME
    assert details.seniority is Seniority.MID
    assert details.responsibilities == ("Build things", "Run things")
    assert details.benefits == ("Bike",)
    assert details.requirements == ()
    assert details.remote_countries == ()
    assert details.salary is None


@pytest.mark.parametrize("title", ["", "   "])
def test_posting_details_need_a_title(title: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(title=title)

    assert error.value.field == "title"


def test_a_title_is_at_most_200_characters() -> None:
    assert posting_details(title="t" * 200).title == "t" * 200

    with pytest.raises(InvariantViolated) as error:
        posting_details(title="t" * 201)

    assert error.value.field == "title"


def test_a_title_must_not_contain_nul_characters() -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(title="Data\x00Engineer")

    assert error.value.field == "title"


@pytest.mark.parametrize("description", ["", "  \n "])
def test_posting_details_need_a_description(description: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(description=description)

    assert error.value.field == "description"


def test_a_description_is_at_most_50000_characters() -> None:
    assert len(posting_details(description="d" * 50_000).description) == 50_000

    with pytest.raises(InvariantViolated) as error:
        posting_details(description="d" * 50_001)

    assert error.value.field == "description"


@pytest.mark.parametrize(("language", "code"), [("en", "en"), ("EN", "en"), (" Fr ", "fr")])
def test_the_language_is_an_iso_639_1_code_in_any_case(language: str, code: str) -> None:
    assert posting_details(language=language).language == code


@pytest.mark.parametrize("language", ["eng", "xx", "", "english", "en-US"])
def test_posting_details_refuse_an_unknown_language(language: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(language=language)

    assert error.value.field == "language"


# PostingDetails: enum fields


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("workplace", {"workplace": raw("office")}),
        ("workplace", {"workplace": raw("REMOTE")}),
        ("employment_type", {"employment_type": raw("freelance")}),
        ("employment_type", {"employment_type": raw("full-time")}),
        ("seniority", {"seniority": raw("guru")}),
    ],
)
def test_an_unknown_enum_value_is_an_invariant_violation_naming_its_field(
    field: str, overrides: dict[str, Any]
) -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(**overrides)

    assert error.value.field == field


def test_the_seniority_is_optional() -> None:
    assert posting_details(seniority=None).seniority is None


# PostingDetails: lines


def with_lines(field: str, lines: list[str]) -> PostingDetails:
    overrides: dict[str, Any] = {field: lines}
    return posting_details(**overrides)


@pytest.mark.parametrize("field", ["responsibilities", "benefits"])
def test_a_list_of_lines_holds_at_most_50_lines(field: str) -> None:
    assert len(getattr(with_lines(field, ["line"] * 50), field)) == 50

    with pytest.raises(InvariantViolated) as error:
        with_lines(field, ["line"] * 51)

    assert error.value.field == field


@pytest.mark.parametrize("field", ["responsibilities", "benefits"])
def test_a_line_is_at_most_1000_characters(field: str) -> None:
    assert getattr(with_lines(field, ["l" * 1000]), field) == ("l" * 1000,)

    with pytest.raises(InvariantViolated) as error:
        with_lines(field, ["ok", "l" * 1001])

    assert error.value.field == field


@pytest.mark.parametrize("field", ["responsibilities", "benefits"])
def test_blank_lines_are_dropped_and_the_rest_stripped(field: str) -> None:
    details = with_lines(field, ["", " first ", "  ", "second"])

    assert getattr(details, field) == ("first", "second")


# PostingDetails: locations and workplace


@pytest.mark.parametrize("workplace", [Workplace.ONSITE, Workplace.HYBRID])
def test_an_onsite_or_hybrid_posting_needs_a_location(workplace: Workplace) -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(workplace=workplace, locations=())

    assert error.value.field == "locations"


def test_a_remote_posting_needs_no_location() -> None:
    details = posting_details(workplace=Workplace.REMOTE, locations=())

    assert details.locations == ()
    assert details.workplace is Workplace.REMOTE


def test_a_remote_posting_may_still_name_an_office() -> None:
    details = posting_details(workplace=Workplace.REMOTE, locations=[a_location()])

    assert details.locations == (a_location(),)


def test_the_workplace_rule_also_applies_to_a_workplace_given_as_text() -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(workplace=raw("onsite"), locations=())

    assert error.value.field == "locations"
    assert posting_details(workplace=raw("remote"), locations=()).locations == ()


@pytest.mark.parametrize(
    "locations",
    [
        [Location("DE", "Berlin"), Location("DE", "Berlin")],
        [Location("DE", "Berlin"), Location("de", " Berlin ")],
        [Location("DE"), Location("DE", "")],
    ],
)
def test_locations_must_not_repeat_a_place(locations: list[Location]) -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(locations=locations)

    assert error.value.field == "locations"


def test_the_same_country_with_different_cities_is_not_a_repeat() -> None:
    locations = (Location("DE", "Berlin"), Location("DE", "Munich"), Location("DE"))

    assert posting_details(locations=locations).locations == locations


def test_locations_hold_at_most_50_places() -> None:
    cities = [Location("DE", f"City {n}") for n in range(51)]
    assert len(posting_details(locations=cities[:50]).locations) == 50

    with pytest.raises(InvariantViolated) as error:
        posting_details(locations=cities)

    assert error.value.field == "locations"


# PostingDetails: remote countries


def test_a_remote_posting_may_name_the_countries_it_hires_from() -> None:
    details = remote_posting_details(remote_countries=["de", " at ", "CH"])

    assert details.remote_countries == ("DE", "AT", "CH")


@pytest.mark.parametrize("workplace", [Workplace.ONSITE, Workplace.HYBRID])
def test_remote_countries_only_apply_to_a_remote_posting(workplace: Workplace) -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(workplace=workplace, remote_countries=["DE"])

    assert error.value.field == "remote_countries"


def test_remote_countries_must_be_iso_codes() -> None:
    with pytest.raises(InvariantViolated) as error:
        remote_posting_details(remote_countries=["DE", "XX"])

    assert error.value.field == "remote_countries"


@pytest.mark.parametrize("countries", [["DE", "DE"], ["DE", "de"], ["at", " AT "]])
def test_remote_countries_must_not_repeat_a_country(countries: list[str]) -> None:
    with pytest.raises(InvariantViolated) as error:
        remote_posting_details(remote_countries=countries)

    assert error.value.field == "remote_countries"


# PostingDetails: requirements


def test_posting_details_keep_their_requirements_in_order() -> None:
    first = a_posting_requirement(importance=Importance.MUST, min_years=3)
    second = a_posting_requirement(importance=Importance.NICE)

    details = posting_details(requirements=[first, second])

    assert details.requirements == (first, second)


def test_requirements_must_not_name_the_same_entry_twice() -> None:
    rid = a_requirement_id()

    with pytest.raises(InvariantViolated) as error:
        posting_details(
            requirements=[
                a_posting_requirement(requirement_id=rid, importance=Importance.MUST),
                a_posting_requirement(requirement_id=rid, importance=Importance.NICE),
            ]
        )

    assert error.value.field == "requirements"


def test_requirements_hold_at_most_100_entries() -> None:
    assert (
        len(
            posting_details(requirements=[a_posting_requirement() for _ in range(100)]).requirements
        )
        == 100
    )

    with pytest.raises(InvariantViolated) as error:
        posting_details(requirements=[a_posting_requirement() for _ in range(101)])

    assert error.value.field == "requirements"


# PostingDetails: value semantics


def test_details_with_the_same_cleaned_content_are_equal() -> None:
    rid = a_requirement_id()
    salary = a_salary()

    assert posting_details(
        title=" Engineer ",
        language="EN",
        salary=salary,
        requirements=[a_posting_requirement(requirement_id=rid)],
    ) == posting_details(
        title="Engineer",
        language="en",
        salary=salary,
        requirements=[a_posting_requirement(requirement_id=rid)],
    )


def test_posting_details_are_immutable_and_hashable() -> None:
    details = posting_details(salary=a_salary(), requirements=[a_posting_requirement()])

    assert hash(details) == hash(details)
    with pytest.raises(FrozenInstanceError):
        details.title = "Other"  # type: ignore[misc]
