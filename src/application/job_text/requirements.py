"""Requirements from the lines of the requirement sections.

Every catalogue term in a line is a requirement ("Java, Kafka, gRPC" gives three),
must or nice by its section, or nice where the line itself says so ("... are very
nice to have", "ein Plus"). Years in a line go to the terms of the same clause:
the years right after a term ("Java (5+ years)"), else the nearest before it
("5+ years of Java and Kafka"), else the first after it. A line with years but no
term names its subject in words ("9+ years as a Backend Engineer") and becomes a
requirement by that name, marked unknown to the catalogue. A term asked for twice
is one requirement: must if any line makes it a must, with the most years stated.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace

from application.job_text.experience import (
    YearsMention,
    experience_subject,
    find_years,
    mentions_experience,
)
from application.job_text.model import ParsedRequirement
from application.job_text.terms import TermHit, TermMatcher
from application.job_text.text_lines import fold
from domain.posting_values import Importance

_NICE_MARKERS = re.compile(
    r"\bnice[\s-]to[\s-]have\b|\ba (?:big |huge |strong |real )?plus\b|\bplus points?\b"
    r"|\bbonus\b|\bdesirable\b|\bdesired\b|\bwould be (?:great|nice|an advantage|beneficial)\b"
    r"|\ban advantage\b|\badvantageous\b|\bideally\b|\boptional\b|\bun (?:plus|atout)\b"
    r"|\bapprecie(?:e|s|es)?\b|\bvon vorteil\b|\bwunschenswert\b|\bein plus\b"
    r"|\bidealerweise\b|\bdeseables?\b|\bse valora\w*|\bvalorables?\b|\bgradit[oaie]\b"
    r"|\bpreferenzial\w*|\bdiferencia(?:l|is)\b|\bdesejave(?:l|is)\b|\bum plus\b|\been pre\b"
    r"|\bpluspunt\w*|\bwenselijk\b|\bmooi meegenomen\b"
)
_CLAUSE_BREAK = re.compile(r";|(?<=[a-z]{3})\.\s+(?=[A-Z])")
_YEARS_RIGHT_AFTER = re.compile(
    r"[\s(:\-\u2013\u2014]*(?:(?:experience|erfahrung|experiencia|esperienza|ervaring|at least"
    r"|minimum|min\.?|mindestens|au moins|al menos|almeno|pelo menos|minimaal|ten minste)"
    r"[\s(:\-\u2013\u2014]*)*"
)


@dataclass(frozen=True, slots=True)
class RequirementLine:
    text: str
    importance: Importance
    strict: bool = True  # from a requirement section: report what names nothing


@dataclass(frozen=True, slots=True)
class RequirementsReading:
    requirements: tuple[ParsedRequirement, ...]
    unmatched_lines: tuple[str, ...]
    unnamed_experience: tuple[str, ...]


def is_nice_to_have(text: str) -> bool:
    return _NICE_MARKERS.search(fold(text)) is not None


# No real line asks for more; the caps keep a pathological line from costing seconds.
MAX_TERMS_PER_LINE = 100
MAX_YEARS_PER_LINE = 20


class _Clauses:
    """A line's clauses, split at ";" and at sentence ends."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)]
        self._ends = [m.start() for m in _CLAUSE_BREAK.finditer(text)] + [len(text)]

    def around(self, position: int) -> tuple[int, int]:
        index = bisect_right(self._starts, position) - 1
        return self._starts[index], self._ends[index]


def _years_for(
    text: str,
    folded: str,
    clauses: _Clauses,
    hits: list[TermHit],
    mentions: list[YearsMention],
) -> list[int | None]:
    """The years each hit is asked for, by the rules in the module's docstring."""
    if not mentions:
        return [None] * len(hits)
    if len(folded) != len(text):
        return [mentions[0].years] * len(hits)  # offsets disagree: the first figure is a guess
    years: list[int | None] = [None] * len(hits)
    claimed: set[YearsMention] = set()
    for index, hit in enumerate(hits):
        _, end = clauses.around(hit.start)
        after = [m for m in mentions if m.start >= hit.end and m.end <= end]
        if after and _YEARS_RIGHT_AFTER.fullmatch(folded[hit.end : after[0].start]):
            years[index] = after[0].years  # "Kafka (2+ years)": these years are Kafka's alone
            claimed.add(after[0])
    for index, hit in enumerate(hits):
        if years[index] is not None:
            continue
        start, end = clauses.around(hit.start)
        free = [m for m in mentions if m not in claimed and m.start >= start and m.end <= end]
        before = [m for m in free if m.end <= hit.start]
        after = [m for m in free if m.start >= hit.end]
        if before:
            years[index] = before[-1].years
        elif after:
            years[index] = after[0].years
    return years


def _importance(line: RequirementLine, clauses: _Clauses, position: int) -> Importance:
    """Nice when the section says so or the clause does ("Kafka would be a plus")."""
    if line.importance is Importance.NICE:
        return Importance.NICE
    start, end = clauses.around(position)
    return Importance.NICE if is_nice_to_have(line.text[start:end]) else line.importance


def _merge(found: list[ParsedRequirement], item: ParsedRequirement) -> None:
    key = fold(item.name)
    for index, existing in enumerate(found):
        if fold(existing.name) != key:
            continue
        importance = (
            Importance.MUST
            if Importance.MUST in (existing.importance, item.importance)
            else Importance.NICE
        )
        years = [y for y in (existing.min_years, item.min_years) if y is not None]
        min_years = max(years) if years else None
        detail = existing.detail
        if existing.min_years is None and item.min_years is not None:
            detail = item.detail  # the line that states the years says more
        found[index] = replace(
            existing,
            importance=importance,
            min_years=min_years,
            detail=detail,
            known=existing.known or item.known,
        )
        return
    found.append(item)


def read_requirements(
    lines: Iterable[RequirementLine], matcher: TermMatcher
) -> RequirementsReading:
    found: list[ParsedRequirement] = []
    unmatched: list[str] = []
    unnamed: list[str] = []
    for line in lines:
        text = line.text
        hits = matcher.find(text)[:MAX_TERMS_PER_LINE]
        folded = fold(text)
        clauses = _Clauses(text)
        counts_years = line.strict or mentions_experience(text)
        mentions = find_years(text)[:MAX_YEARS_PER_LINE] if counts_years else []
        assigned = _years_for(text, folded, clauses, hits, mentions)
        for hit, years in zip(hits, assigned, strict=True):
            importance = _importance(line, clauses, hit.start)
            _merge(found, ParsedRequirement(hit.name, importance, years, text))
        if hits or not line.strict:
            continue  # outside requirement sections, only catalogue terms are requirements
        named = False
        for mention in mentions:
            subject = experience_subject(text, mention)
            if subject is not None:
                importance = _importance(line, clauses, min(mention.start, len(text)))
                _merge(
                    found, ParsedRequirement(subject, importance, mention.years, text, known=False)
                )
                named = True
        if mentions and not named:
            unnamed.append(text)
        elif not mentions:
            unmatched.append(text)
    return RequirementsReading(tuple(found), tuple(unmatched), tuple(unnamed))
