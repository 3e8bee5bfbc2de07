"""parse_job_text: a pasted job description in, a structured proposal out.

The steps, each in its own module: lines (text_lines), job-site boilerplate
(boilerplate), labelled facts (facts), headings and sections (headings), title
(title), language (language), pay (salary), workplace and employment type
(work_conditions), requirements with their years (requirements, experience, terms).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from application.job_text.boilerplate import is_boilerplate
from application.job_text.facts import Fact, FactKind, read_fact
from application.job_text.headings import read_heading
from application.job_text.language import detect_language
from application.job_text.model import (
    ParsedJob,
    ParsedSection,
    ParseReport,
    SectionKind,
)
from application.job_text.requirements import (
    RequirementLine,
    RequirementsReading,
    read_requirements,
)
from application.job_text.salary import find_salary
from application.job_text.support_phrases import relocation_support_in, visa_sponsorship_in
from application.job_text.terms import TermMatcher
from application.job_text.text_lines import Line, check_text, split_lines
from application.job_text.title import inferred_title, seniority_of, title_line
from application.job_text.work_conditions import (
    find_employment_type,
    find_workplace,
    workplace_fact,
)
from domain.errors import InvariantViolated
from domain.posting_values import Importance, Workplace

# Where a section's lines may open a new section under an unknown heading without a
# blank line before it: the loose parts of an ad, not its lists.
_LOOSE = (SectionKind.SUMMARY, SectionKind.OTHER, SectionKind.PROCESS)
_TITLE_SEARCH_LINES = 20
_TITLE_TOP_LINES = 3
_TITLE_TOP_WORDS = 6  # a company name or a place above the title, not a sentence


@dataclass(slots=True)
class _Section:
    kind: SectionKind
    heading: str | None
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Layout:
    sections: list[_Section]
    facts: list[Fact]
    headings: list[tuple[str, SectionKind]]
    unrecognised: list[str]


def _lay_out(lines: Iterable[Line]) -> _Layout:
    current = _Section(SectionKind.SUMMARY, None)
    layout = _Layout([current], [], [], [])
    for line in lines:
        fact = read_fact(line)
        if fact is not None:
            layout.facts.append(fact)
            if line.bulleted:
                current.lines.append(line.text)  # an item of its list that also states a fact
            continue
        heading = read_heading(line)
        if heading is None:
            current.lines.append(line.text)
            continue
        # A colon line in the middle of a list ("Experience with:", "Tools:") introduces
        # items of that list, unless the layout sets it apart as a heading.
        set_apart = line.after_blank or line.marked_heading
        within_list = heading.kind is not None or current.kind not in _LOOSE
        if (
            not (heading.exact or set_apart)
            and heading.kind in (current.kind, None)
            and within_list
        ):
            current.lines.append(line.text)
            continue
        if heading.kind is None:
            layout.unrecognised.append(heading.text)
            kind = SectionKind.OTHER
        else:
            layout.headings.append((heading.text, heading.kind))
            kind = heading.kind
        current = _Section(kind, heading.text)
        layout.sections.append(current)
        if heading.rest:
            current.lines.append(heading.rest)
    return layout


def _lines_of(sections: Iterable[_Section], *kinds: SectionKind) -> tuple[str, ...]:
    return tuple(line for s in sections if s.kind in kinds for line in s.lines)


def _description(lines: list[Line], title: Line | None) -> str:
    parts: list[str] = []
    for line in lines:
        if line is title:
            continue
        if line.after_blank and parts:
            parts.append("")
        parts.append(line.raw)
    return "\n".join(parts)


def _title_at_the_top(lines: list[Line]) -> tuple[str | None, Line | None]:
    """The title from the ad's first lines ("Acme GmbH" may stand above it)."""
    for line in lines[:_TITLE_TOP_LINES]:
        heading = read_heading(line)
        # "# Backend Developer" or "PLATFORM ENGINEER" is a title set as a heading
        if (heading is not None and heading.kind is not None) or read_fact(line) is not None:
            break
        title = title_line(line)
        if title is not None:
            return title, line
        if len(line.text.split()) > _TITLE_TOP_WORDS:
            break  # the prose has begun
    return None, None


def _inferred_title(lines: list[Line], language: str | None, notes: list[str]) -> str | None:
    for line in lines[:_TITLE_SEARCH_LINES]:
        title = inferred_title(line.text, language)
        if title:
            notes.append(f"title inferred from: {line.text[:200]}")
            return title
    return None


def _workplace(
    facts: list[Fact], title_lines: list[str], sections: list[_Section]
) -> Workplace | None:
    for fact in facts:
        if fact.kind is FactKind.WORKPLACE:
            stated = workplace_fact(fact.label, fact.value)
            if stated is not None:
                return stated
    signal = find_workplace(
        [(f.value, 3) for f in facts if f.kind in (FactKind.LOCATION, FactKind.EMPLOYMENT)]
        + [(line, 3) for line in title_lines]
        + [(line, 1 if s.kind is SectionKind.BENEFITS else 2) for s in sections for line in s.lines]
    )
    return signal.workplace if signal else None


@dataclass(frozen=True, slots=True)
class _Requirements:
    reading: RequirementsReading
    mentioned: tuple[str, ...]  # catalogue terms named outside the requirement sections


def _requirements(
    sections: list[_Section], matcher: TermMatcher, notes: list[str]
) -> _Requirements:
    lines = [
        RequirementLine(line, importance)
        for kind, importance in (
            (SectionKind.MUST_HAVE, Importance.MUST),
            (SectionKind.NICE_TO_HAVE, Importance.NICE),
        )
        for line in _lines_of(sections, kind)
    ]
    loose: tuple[SectionKind, ...] = (
        SectionKind.SUMMARY,
        SectionKind.RESPONSIBILITIES,
        SectionKind.OTHER,
    )
    if not lines:
        notes.append("no requirement section found; requirements taken from the whole text")
        lines = [
            RequirementLine(line, Importance.MUST, strict=False)
            for line in _lines_of(sections, *loose)
        ]
        loose = ()
    lines += [
        RequirementLine(line, Importance.NICE, strict=False)
        for line in _lines_of(sections, SectionKind.STACK)
    ]
    reading = read_requirements(lines, matcher)
    required = {r.name for r in reading.requirements}
    mentioned: list[str] = []
    for line in _lines_of(sections, *loose):
        for hit in matcher.find(line):
            if hit.name not in required and hit.name not in mentioned:
                mentioned.append(hit.name)
    return _Requirements(reading, tuple(mentioned))


def parse_job_text(text: str, known_terms: Mapping[str, str]) -> ParsedJob:
    """Read a job description into a proposal for a draft posting.

    ``known_terms`` maps the catalogue's normalised terms (names and aliases, as
    ``normalise_term`` makes them) to canonical names. Raises InvariantViolated
    (field ``text``) for empty, oversized or binary input.
    """
    dropped: list[str] = []
    kept: list[Line] = []
    for line in split_lines(check_text(text)):
        if is_boilerplate(line.text):
            dropped.append(line.raw)
        else:
            kept.append(line)
    if not kept:
        raise InvariantViolated("text holds no job description", field="text")
    notes: list[str] = []
    language = detect_language(" ".join(line.text for line in kept))
    if language is None:
        notes.append("language not recognised")

    title, title_source = _title_at_the_top(kept)
    body = [line for line in kept if line is not title_source]
    layout = _lay_out(body)
    facts = layout.facts
    sections = [s for s in layout.sections if s.lines or s.heading]
    title = (
        title
        or next((f.value for f in facts if f.kind is FactKind.TITLE), None)
        or _inferred_title(body, language, notes)
    )
    # the hiring process is about applying: its "on-site interview" says nothing of the job
    in_job = [s for s in sections if s.kind is not SectionKind.PROCESS]
    title_lines = [title] if title_source is not None and title else []

    salary = find_salary(
        [(f"{f.label}: {f.value}", True) for f in facts if f.kind is FactKind.PAY]
        + [(line, False) for line in title_lines]
        + [(line, False) for s in in_job for line in s.lines]
    )
    if salary is not None:
        notes.extend(salary.notes)
    employment_type = find_employment_type(
        [f.value for f in facts if f.kind in (FactKind.EMPLOYMENT, FactKind.TITLE)],
        title_lines + [line for s in in_job for line in s.lines],
        language,
    )
    requirements = _requirements(sections, TermMatcher(known_terms), notes)
    seniority = seniority_of(title) if title else None
    if seniority is None:
        levels = [f.value for f in facts if f.kind is FactKind.OTHER]
        seniority = next((s for s in map(seniority_of, levels) if s is not None), None)

    whole = "\n".join(line.text for line in kept)
    parsed = ParsedJob(
        title=title,
        summary=_lines_of(sections, SectionKind.SUMMARY),
        responsibilities=_lines_of(sections, SectionKind.RESPONSIBILITIES),
        must_have=_lines_of(sections, SectionKind.MUST_HAVE),
        nice_to_have=_lines_of(sections, SectionKind.NICE_TO_HAVE),
        benefits=_lines_of(sections, SectionKind.BENEFITS),
        requirements=requirements.reading.requirements,
        salary=salary.salary if salary else None,
        workplace=_workplace(facts, title_lines, in_job),
        employment_type=employment_type,
        language=language,
        seniority=seniority,
        location=next((f.value for f in facts if f.kind is FactKind.LOCATION), None),
        description=_description(kept, title_source),
        sections=tuple(ParsedSection(s.kind, s.heading, tuple(s.lines)) for s in sections),
        visa_sponsorship=visa_sponsorship_in(whole),
        relocation_support=relocation_support_in(whole),
    )
    report = ParseReport(
        headings=tuple(layout.headings),
        unrecognised_headings=tuple(layout.unrecognised),
        unplaced_lines=_lines_of(sections, SectionKind.OTHER),
        dropped_lines=tuple(dropped),
        facts=tuple((f.label, f.value) for f in facts),
        unmatched_requirement_lines=requirements.reading.unmatched_lines,
        unnamed_experience=requirements.reading.unnamed_experience,
        terms_outside_requirements=requirements.mentioned,
        notes=tuple(notes),
    )
    return _with_report(parsed, report)


_FIELDS = (
    "title",
    "summary",
    "responsibilities",
    "must_have",
    "nice_to_have",
    "benefits",
    "requirements",
    "salary",
    "workplace",
    "employment_type",
    "language",
    "seniority",
    "location",
)


# Facts a text may state; one it does not is left unknown, not asked of the employer.
_STATED_FACTS = ("visa_sponsorship", "relocation_support")


def _with_report(parsed: ParsedJob, report: ParseReport) -> ParsedJob:
    found = tuple(name for name in (*_FIELDS, *_STATED_FACTS) if getattr(parsed, name))
    not_found = tuple(name for name in _FIELDS if not getattr(parsed, name))
    return replace(parsed, report=replace(report, found=found, not_found=not_found))
