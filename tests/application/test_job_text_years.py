"""Years of experience: found in a line, given to the requirements it names."""

from __future__ import annotations

import pytest

from application.job_text import ParsedJob, parse_job_text
from application.job_text.experience import experience_subject, find_years

CATALOGUE = {
    "java": "Java",
    "kafka": "Kafka",
    "python": "Python",
    "postgresql": "PostgreSQL",
    "postgres": "PostgreSQL",
    "grpc": "gRPC",
}


@pytest.mark.parametrize(
    ("line", "years"),
    [
        ("5+ years of experience", [5]),
        ("5 + years with Java", [5]),
        ("at least 3 years of Python", [3]),
        ("3-5 years in backend development", [3]),
        ("3 to 5 years", [3]),
        ("minimum of 7 yrs", [7]),
        ("five years of professional experience", [5]),
        ("at least five (5) years", [5]),
        ("2 or more years", [2]),
        ("1.5 years of Kafka", [1]),
        ("mindestens 5 Jahre Berufserfahrung", [5]),
        ("3-jährige Erfahrung", [3]),
        ("drei Jahre Erfahrung", [3]),
        ("5 ans d'expérience", [5]),
        ("au moins deux années d'expérience", [2]),
        ("al menos 3 años de experiencia", [3]),
        ("tres años de experiencia", [3]),
        ("almeno 2 anni di esperienza", [2]),
        ("pelo menos 4 anos de experiência", [4]),
        ("minimaal 3 jaar ervaring", [3]),
        ("3 of meer jaar werkervaring", [3]),
        ("Java (5+ years), Kafka (2 years)", [5, 2]),
        # not years of experience
        ("25 days of annual leave", []),
        ("we deploy many times a day", []),
        ("founded in 2015", []),
        ("120 years of history", []),  # beyond any career: not a requirement
    ],
)
def test_years_are_found_in_seven_languages(line: str, years: list[int]) -> None:
    assert [m.years for m in find_years(line)] == years


@pytest.mark.parametrize(
    ("line", "subject"),
    [
        (
            "9+ years of relevant experience as a Backend Engineer, with ownership",
            "Backend Engineer",
        ),
        (
            "5+ years backend software engineering experience (or equivalent)",
            "backend software engineering",
        ),
        (
            "5+ years of experience working in a relevant software engineering role",
            "software engineering",
        ),
        ("mindestens 5 Jahre Berufserfahrung in der Softwareentwicklung", "Softwareentwicklung"),
        ("5 ans d'expérience en développement backend", "développement backend"),
        ("al menos 3 años de experiencia en desarrollo web con Python", "desarrollo web"),
        ("Minimaal 3 jaar ervaring als backend developer", "backend developer"),
        ("3-5 years in a similar role", None),
        ("at least 3 years of experience", None),
    ],
)
def test_the_thing_years_are_of_is_read_from_the_words_after_them(
    line: str, subject: str | None
) -> None:
    (mention,) = find_years(line)

    assert experience_subject(line, mention) == subject


def parse_requirements(*lines: str) -> ParsedJob:
    return parse_job_text("Requirements:\n" + "\n".join(f"- {line}" for line in lines), CATALOGUE)


def years_of(parsed: ParsedJob) -> dict[str, int | None]:
    return {r.name: r.min_years for r in parsed.requirements}


def test_years_go_to_every_term_they_precede_in_the_clause() -> None:
    parsed = parse_requirements("5+ years of experience with Java, Kafka and gRPC")

    assert years_of(parsed) == {"Java": 5, "Kafka": 5, "gRPC": 5}


def test_years_right_after_a_term_are_that_terms_alone() -> None:
    parsed = parse_requirements("Java (5+ years), Kafka (2 years) and PostgreSQL")

    assert years_of(parsed) == {"Java": 5, "Kafka": 2, "PostgreSQL": None}


def test_each_term_takes_the_nearest_years_before_it() -> None:
    parsed = parse_requirements("5+ years of Java, 2+ years of Kafka")

    assert years_of(parsed) == {"Java": 5, "Kafka": 2}


def test_years_stay_inside_their_clause() -> None:
    parsed = parse_requirements("3 years of Python; some exposure to Kafka")

    assert years_of(parsed) == {"Python": 3, "Kafka": None}


def test_years_stated_after_the_term() -> None:
    parsed = parse_requirements("Java experience: at least 4 years")

    assert years_of(parsed) == {"Java": 4}


def test_a_term_asked_for_twice_keeps_the_most_years_and_the_line_that_states_them() -> None:
    parsed = parse_requirements("Good knowledge of Java", "7+ years of Java")

    (java,) = parsed.requirements
    assert java.min_years == 7
    assert java.detail == "7+ years of Java"


def test_years_that_name_nothing_are_reported() -> None:
    parsed = parse_requirements("At least 3 years of experience in a similar role")

    assert parsed.requirements == ()
    assert parsed.report.unnamed_experience == ("At least 3 years of experience in a similar role",)


def test_years_without_a_catalogue_term_name_a_requirement_unknown_to_the_catalogue() -> None:
    parsed = parse_requirements("4+ years of experience as a Site Reliability Engineer")

    (requirement,) = parsed.requirements
    assert (requirement.name, requirement.min_years, requirement.known) == (
        "Site Reliability Engineer",
        4,
        False,
    )
