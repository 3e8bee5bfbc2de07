"""Reading pay from a line, in the formats and separators of several locales."""

from __future__ import annotations

from decimal import Decimal

import pytest

from application.job_text import read_salary
from application.job_text.salary import find_salary, guess_period
from domain.posting_values import SalaryPeriod

D = Decimal
HOUR, DAY, MONTH, YEAR = SalaryPeriod.HOUR, SalaryPeriod.DAY, SalaryPeriod.MONTH, SalaryPeriod.YEAR


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the examples
        ("$11,670.34 - $14,174.54 per month", (D("11670.34"), D("14174.54"), "USD", MONTH)),
        (
            "Pay: $11,670.34 \u2013 $14,174.54 per month",
            (D("11670.34"), D("14174.54"), "USD", MONTH),
        ),
        ("£60k-£75k", (D(60_000), D(75_000), "GBP", YEAR)),
        ("60.000 - 75.000 EUR brutto/Jahr", (D(60_000), D(75_000), "EUR", YEAR)),
        ("$45/hour", (D(45), D(45), "USD", HOUR)),
        ("€50,000 a year", (D(50_000), D(50_000), "EUR", YEAR)),
        ("45 000 € par an", (D(45_000), D(45_000), "EUR", YEAR)),
        # more shapes
        ("Salary: 100-120k USD", (D(100_000), D(120_000), "USD", YEAR)),
        ("between $80,000 and $100,000 annually", (D(80_000), D(100_000), "USD", YEAR)),
        ("de 40 000 à 50 000 € bruts annuels", (D(40_000), D(50_000), "EUR", YEAR)),
        ("\u20ac 3.500,- tot \u20ac 4.200,- bruto per maand", (D(3_500), D(4_200), "EUR", MONTH)),
        ("CHF 120'000 \u2013 140'000 p.a.", (D(120_000), D(140_000), "CHF", YEAR)),
        ("Day rate: £450-£550", (D(450), D(550), "GBP", DAY)),
        ("TJM : 500 € / jour", (D(500), D(500), "EUR", DAY)),
        ("R$ 8.000 a R$ 10.000 por mês", (D(8_000), D(10_000), "BRL", MONTH)),
        ("R$ 8 mil por mês", (D(8_000), D(8_000), "BRL", MONTH)),
        ("Gehalt: 65.000 € - 80.000 € jährlich", (D(65_000), D(80_000), "EUR", YEAR)),
        ("45,50 € pro Stunde", (D("45.50"), D("45.50"), "EUR", HOUR)),
        ("Stipendio: RAL 35.000 - 42.000 €", (D(35_000), D(42_000), "EUR", YEAR)),
        ("Rate: 60-75 USD/hr", (D(60), D(75), "USD", HOUR)),
        ("Salario: 30.000 - 36.000 € brutos/año", (D(30_000), D(36_000), "EUR", YEAR)),
        ("USD 95k\u2013110k base + equity", (D(95_000), D(110_000), "USD", YEAR)),
        ("Pay range: $120,000.00 - $150,000.00 per year", (D(120_000), D(150_000), "USD", YEAR)),
        ("A$130,000 + super", (D(130_000), D(130_000), "AUD", YEAR)),
        ("1.200 € netti al mese", (D(1_200), D(1_200), "EUR", MONTH)),
        ("€60.5k", (D(60_500), D(60_500), "EUR", YEAR)),
        ("bis zu 70.000 € im Jahr", (D(70_000), D(70_000), "EUR", YEAR)),
    ],
)
def test_pay_is_read_in_many_formats(
    line: str, expected: tuple[Decimal, Decimal, str, SalaryPeriod]
) -> None:
    reading = read_salary(line)

    assert reading is not None
    salary = reading.salary
    assert (salary.min, salary.max, salary.currency, salary.period) == expected
    assert salary.source == line


@pytest.mark.parametrize(
    "line",
    [
        "Salary: competitive",
        "growing at up to 40,000 new users per day",
        "we have 120+ million users from 190 countries",
        "Monthly remote work stipend of €100",
        "a personal learning budget of €1,000 per year",
        "We raised a $2M seed round in 2022",
        "25 days of annual leave plus your local national holidays",
        "kr 45 000 per month",  # "kr" is three currencies: better none than a wrong one
    ],
)
def test_money_that_is_not_pay_or_amounts_without_a_currency_are_no_salary(line: str) -> None:
    assert read_salary(line) is None


def test_a_thousands_separator_is_told_from_a_decimal_mark_by_the_digits_after_it() -> None:
    def amount(line: str) -> Decimal:
        reading = read_salary(line)
        assert reading is not None
        return reading.salary.min

    assert amount("€60.000 per year") == D(60_000)
    assert amount("€60,000 per year") == D(60_000)
    assert amount("€45.50 per hour") == D("45.50")
    assert amount("€45,50 per hour") == D("45.50")
    assert amount("€60.000,50 per year") == D("60000.50")
    assert amount("$60,000.50 per year") == D("60000.50")
    assert amount("CHF 120'000 per year") == D(120_000)


def test_the_k_of_the_upper_amount_applies_to_the_lower_one() -> None:
    reading = read_salary("60-75k €")

    assert reading is not None
    assert (reading.salary.min, reading.salary.max) == (D(60_000), D(75_000))


def test_an_unstated_period_is_guessed_from_the_amounts_and_reported() -> None:
    reading = read_salary("£60k-£75k")

    assert reading is not None
    assert reading.salary.period is YEAR
    assert not reading.salary.period_stated
    assert reading.notes == ("salary period not stated; taken as per year from the amounts",)


@pytest.mark.parametrize(
    ("amount", "multiplied", "period"),
    [
        (D(60), True, YEAR),
        (D(55_000), False, YEAR),
        (D(4_200), False, MONTH),
        (D(450), False, DAY),
        (D(45), False, HOUR),
    ],
)
def test_guessing_the_period(amount: Decimal, multiplied: bool, period: SalaryPeriod) -> None:
    assert guess_period(amount, multiplied) is period


def test_a_single_amount_and_an_upper_bound_are_reported() -> None:
    single = read_salary("$45/hour")
    upper = read_salary("Up to £80,000 a year")

    assert single is not None
    assert upper is not None
    assert single.notes == ("salary: a single amount is stated; used as both minimum and maximum",)
    assert (upper.salary.min, upper.salary.max) == (D(80_000), D(80_000))
    assert upper.notes == (
        "salary: only an upper bound is stated; used as both minimum and maximum",
    )


def test_reversed_amounts_are_put_in_order() -> None:
    reading = read_salary("Salary: €75,000 - €60,000 per year")

    assert reading is not None
    assert (reading.salary.min, reading.salary.max) == (D(60_000), D(75_000))


def test_a_labelled_pay_line_wins_over_other_lines_with_money() -> None:
    found = find_salary(
        [
            ("Join a team that ships to 2,000 shops for €9 a month", False),
            ("Pay: $25.50 - $30.00 per hour", True),
        ]
    )

    assert found is not None
    assert (found.salary.min, found.salary.max, found.salary.period) == (D("25.50"), D(30), HOUR)


def test_a_labelled_pay_line_counts_a_currency_anywhere_in_it() -> None:
    reading = read_salary("Salary (EUR): 60,000 - 75,000 per year", pay_line=True)

    assert reading is not None
    assert (reading.salary.min, reading.salary.max, reading.salary.currency) == (
        D(60_000),
        D(75_000),
        "EUR",
    )
