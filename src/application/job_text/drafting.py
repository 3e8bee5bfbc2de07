"""From a parse to the draft command's input: the last step of the anti-corruption layer.

What the text did not say is filled with the caller's defaults (a title, the
company's country, full-time on-site work, English), so the draft can be created at
once and the employer corrects it before publishing. Lists are cut to what a
posting may hold.
"""

from __future__ import annotations

from application.commands.posting_input import (
    LocationInput,
    PostingFields,
    RequirementInput,
    SalaryInput,
)
from application.job_text.model import ParsedJob

MAX_TITLE = 200
MAX_DESCRIPTION = 50_000
MAX_LINES = 50
MAX_LINE = 1000
MAX_REQUIREMENTS = 100
MAX_DETAIL = 500
MAX_NAME = 100


def _cut(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_cut(line, MAX_LINE) for line in lines if line.strip())[:MAX_LINES]


def to_posting_fields(
    parsed: ParsedJob,
    *,
    fallback_title: str,
    country: str,
    city: str | None = None,
    default_language: str = "en",
    default_workplace: str = "onsite",
    default_employment_type: str = "full_time",
    include_unknown_requirements: bool = True,
) -> PostingFields:
    """The draft command's fields for ``parsed``.

    ``country`` (ISO 3166-1 alpha-2, e.g. the company's headquarters) places the
    job; ``include_unknown_requirements`` keeps requirements the catalogue does
    not know (named from the text), which drafting proposes as pending entries.
    """
    title = _cut(parsed.title or fallback_title, MAX_TITLE)
    description = _cut(parsed.description, MAX_DESCRIPTION) or title
    salary = (
        SalaryInput(
            parsed.salary.min,
            parsed.salary.max,
            parsed.salary.currency,
            parsed.salary.period.value,
        )
        if parsed.salary
        else None
    )
    requirements = tuple(
        RequirementInput(
            _cut(item.name, MAX_NAME),
            item.importance.value,
            item.min_years,
            _cut(item.detail, MAX_DETAIL) or None,
        )
        for item in parsed.requirements
        if item.known or include_unknown_requirements
    )[:MAX_REQUIREMENTS]
    return PostingFields(
        title=title,
        description=description,
        language=parsed.language or default_language,
        locations=(LocationInput(country, city),),
        workplace=parsed.workplace.value if parsed.workplace else default_workplace,
        employment_type=(
            parsed.employment_type.value if parsed.employment_type else default_employment_type
        ),
        seniority=parsed.seniority.value if parsed.seniority else None,
        salary=salary,
        responsibilities=_lines(parsed.responsibilities),
        benefits=_lines(parsed.benefits),
        requirements=requirements,
        visa_sponsorship=(parsed.visa_sponsorship or "unknown"),
        relocation_support=(parsed.relocation_support or "unknown"),
    )
