"""Whatever is pasted, the parser either refuses it as text (field ``text``) or returns
a parse whose draft fields the domain accepts."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from application.job_text import MAX_TEXT_CHARS, ParsedJob, parse_job_text, to_posting_fields
from domain.errors import InvariantViolated
from domain.posting_values import Location, PostingDetails, SalaryRange

CATALOGUE = {"java": "Java", "kafka": "Kafka", "c++": "C++", "node.js": "Node.js", "go": "Go"}

FRAGMENTS = [
    "Requirements:",
    "Nice to have:",
    "What we offer:",
    "Vos missions",
    "Das bringst du mit",
    "- ",
    "• ",
    "1. ",
    "5+ years of Java",
    "mindestens 3 Jahre",
    "Kafka (2 years)",
    "C++ and Node.js",
    "$11,670.34 - $14,174.54 per month",
    "£60k-£75k",
    "60.000 - 75.000 EUR brutto/Jahr",
    "45 000 € par an",
    "Pay: ",
    "Work Location: In person",
    "remote-first",
    "hybrid",
    "CDI",
    "Show more",
    "As a Senior Engineer, you",
    "**",
    "## ",
    ":",
    "?",
    "\n",
    "\n\n",
    " ",
]
job_like = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=40).map("".join)


def _accepted_by_the_domain(parsed: ParsedJob) -> None:
    fields = to_posting_fields(parsed, fallback_title="Engineer", country="DE")
    if fields.salary is not None:
        SalaryRange(
            fields.salary.min,
            fields.salary.max,
            fields.salary.currency,
            fields.salary.period,  # type: ignore[arg-type]
        )
    PostingDetails(
        title=fields.title,
        description=fields.description,
        language=fields.language,
        locations=tuple(Location(loc.country, loc.city) for loc in fields.locations),
        workplace=fields.workplace,  # type: ignore[arg-type]
        employment_type=fields.employment_type,  # type: ignore[arg-type]
        seniority=fields.seniority,  # type: ignore[arg-type]
        responsibilities=fields.responsibilities,
        benefits=fields.benefits,
    )
    for requirement in fields.requirements:
        assert requirement.name.strip()
        assert requirement.min_years is None or 0 <= requirement.min_years <= 50
        assert requirement.detail is None or len(requirement.detail) <= 500


def _parse_or_refuse(text: str) -> None:
    refused: InvariantViolated | None = None
    try:
        parsed = parse_job_text(text, CATALOGUE)
    except InvariantViolated as error:
        refused = error
    if refused is not None:
        assert refused.field == "text"
    else:
        _accepted_by_the_domain(parsed)


@settings(max_examples=300, deadline=None)
@given(job_like)
def test_job_like_text_gives_fields_the_domain_accepts(text: str) -> None:
    _parse_or_refuse(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_parsed_or_refused_as_text(text: str) -> None:
    _parse_or_refuse(text)


def test_the_largest_text_allowed_is_parsed_in_reasonable_time() -> None:
    line = "- 5+ years of Java and Kafka (3 years), € 50.000 per year; remote-first\n"
    text = ("Requirements:\n" + line * (MAX_TEXT_CHARS // len(line)))[:MAX_TEXT_CHARS]

    started = time.perf_counter()
    parsed = parse_job_text(text, CATALOGUE)

    assert time.perf_counter() - started < 10
    assert {r.name for r in parsed.requirements} == {"Java", "Kafka"}
