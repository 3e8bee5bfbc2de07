"""What the parser makes of a job description: plain, immutable values.

The parse is a proposal for an employer to check, so it keeps, beside the fields,
a report of what it recognised and what it could not place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from domain.posting_facts import Support
from domain.posting_values import EmploymentType, Importance, SalaryPeriod, Seniority, Workplace


class SectionKind(StrEnum):
    SUMMARY = "summary"
    RESPONSIBILITIES = "responsibilities"
    MUST_HAVE = "must_have"
    NICE_TO_HAVE = "nice_to_have"
    BENEFITS = "benefits"
    STACK = "stack"  # "Our tech stack": what the team works with
    PROCESS = "process"  # the hiring process: about applying, not about the job
    OTHER = "other"  # under a heading the parser does not know


@dataclass(frozen=True, slots=True)
class ParsedSection:
    kind: SectionKind
    heading: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedRequirement:
    """One thing the text asks of a candidate.

    ``known`` says whether ``name`` is a catalogue entry's canonical name or a
    phrase taken from the text (a stated experience the catalogue does not name).
    """

    name: str
    importance: Importance
    min_years: int | None
    detail: str
    known: bool = True


@dataclass(frozen=True, slots=True)
class ParsedSalary:
    min: Decimal
    max: Decimal
    currency: str
    period: SalaryPeriod
    source: str  # the line it was read from
    period_stated: bool = True  # False: guessed from the size of the amounts


@dataclass(frozen=True, slots=True)
class ParseReport:
    """What the parser recognised, and what it could not place or chose to drop."""

    found: tuple[str, ...] = ()  # the fields the text gave
    not_found: tuple[str, ...] = ()  # the fields the employer must fill in
    headings: tuple[tuple[str, SectionKind], ...] = ()
    unrecognised_headings: tuple[str, ...] = ()
    unplaced_lines: tuple[str, ...] = ()  # lines under an unrecognised heading
    dropped_lines: tuple[str, ...] = ()  # boilerplate that is not about the job
    facts: tuple[tuple[str, str], ...] = ()  # "Label: value" lines, e.g. ("Pay", "$45/hour")
    unmatched_requirement_lines: tuple[str, ...] = ()  # asked for nothing the catalogue knows
    unnamed_experience: tuple[str, ...] = ()  # years of experience of no nameable thing
    terms_outside_requirements: tuple[str, ...] = ()  # catalogue entries only mentioned
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready view, for an adapter to render."""
        return {
            "found": list(self.found),
            "not_found": list(self.not_found),
            "headings": [{"text": text, "section": kind.value} for text, kind in self.headings],
            "unrecognised_headings": list(self.unrecognised_headings),
            "unplaced_lines": list(self.unplaced_lines),
            "dropped_lines": list(self.dropped_lines),
            "facts": [{"label": label, "value": value} for label, value in self.facts],
            "unmatched_requirement_lines": list(self.unmatched_requirement_lines),
            "unnamed_experience": list(self.unnamed_experience),
            "terms_outside_requirements": list(self.terms_outside_requirements),
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class ParsedJob:
    title: str | None
    summary: tuple[str, ...]
    responsibilities: tuple[str, ...]
    must_have: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    benefits: tuple[str, ...]
    requirements: tuple[ParsedRequirement, ...]
    salary: ParsedSalary | None
    workplace: Workplace | None
    employment_type: EmploymentType | None
    language: str | None  # ISO 639-1
    seniority: Seniority | None = None
    location: str | None = None  # as stated ("Berlin, Germany"), not resolved
    description: str = ""  # the text without boilerplate and title, for the posting
    sections: tuple[ParsedSection, ...] = ()  # every section in reading order
    report: ParseReport = field(default_factory=ParseReport)
    # Stated outright somewhere in the text (job_text/support_phrases.py), else None.
    visa_sponsorship: Support | None = None
    relocation_support: Support | None = None
