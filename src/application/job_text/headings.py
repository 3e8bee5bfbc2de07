"""Recognising section headings in seven languages.

Headings are matched in their folded form (case-folded, accents removed). A line
is a heading when it IS one of the phrases in ``heading_phrases`` ("Requirements",
"Vos missions"), when it STARTS with one and ends like a heading ("What we're
looking for in a Senior Engineer:", "What does an engineer do at Acme?"), or when
a short line ending in a colon names a section ("At Acme you get some great
benefits:"). A short line ending in a colon that names nothing known is an
unknown heading; the parser decides from the layout whether it opens a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from application.job_text.heading_phrases import LEXICON
from application.job_text.model import SectionKind
from application.job_text.text_lines import Line, fold

# Words that make a short colon-ended line a heading wherever they stand in it.
_KEYWORDS = (
    (
        SectionKind.NICE_TO_HAVE,
        r"nice[\s-]to[\s-]have|bonus points?|(?:would be|is) a plus|von vorteil|un plus"
        r"|wunschenswert|deseables?|se valorara|preferenzial|diferencia|pluspunt|preferred",
    ),
    (
        SectionKind.PROCESS,
        r"(?:hiring|recruitment|interview|selection|application) process"
        r"|processus de recrutement|bewerbungsprozess|proceso de seleccion"
        r"|processo (?:di selezione|seletivo)|sollicitatie\w*",
    ),
    (SectionKind.STACK, r"tech(?:nology)? stack|stack technique|tech-stack|techstack"),
    (
        SectionKind.BENEFITS,
        r"benefits?|perks|we offer|avantages|vorteile|wir bieten|beneficios|ofrecemos"
        r"|offriamo|oferecemos|wij bieden|arbeidsvoorwaarden",
    ),
    (
        SectionKind.RESPONSIBILITIES,
        r"responsibilit\w*|duties|you'?ll do|you will do|missions?|aufgaben|responsabilit\w*"
        r"|funciones|taken|mansioni|atribuicoes",
    ),
    (
        SectionKind.MUST_HAVE,
        r"looking for|requirements|qualifications|recherchons|voraussetzungen|anforderungen"
        r"|buscamos|requisitos|requisiti|cerchiamo|procuramos|zoeken|mitbringen|must[\s-]haves?",
    ),
)

_EXACT = tuple((kind, re.compile("|".join(phrases))) for kind, phrases in LEXICON)
# Without a closing colon a line is a heading only by a fixed phrase: "About 120 million
# users" must not pass for "About <company>".
_EXACT_FIXED = tuple(
    (kind, re.compile("|".join(p for p in phrases if ".{" not in p))) for kind, phrases in LEXICON
)
_PREFIX = tuple(
    (kind, re.compile(r"(?:" + "|".join(phrases) + r")(?![\w'])")) for kind, phrases in LEXICON
)
_ANYWHERE = tuple(
    (kind, re.compile(r"(?<![\w'])(?:" + words + r")(?![\w'])")) for kind, words in _KEYWORDS
)
_INLINE = re.compile(r"^(?P<head>[^:\uff1a]{2,60}?)\s*[:\uff1a]\s+(?P<rest>\S.*)$")
_LEADING_NOISE = re.compile(r"^[^\w(]+")
_TRAILING_MARKS = re.compile(r"[\s:\uff1a?!.…\-\u2013\u2014]+$")

MAX_HEADING_WORDS = 16


@dataclass(frozen=True, slots=True)
class Heading:
    kind: SectionKind | None  # None: a heading the parser does not know
    text: str  # as written, without the closing colon
    rest: str | None = None  # "Requirements: Java, Kafka" -> "Java, Kafka"
    exact: bool = True  # the whole line is a known phrase, not just its start or a word in it


def _core(text: str) -> str:
    return _TRAILING_MARKS.sub("", _LEADING_NOISE.sub("", fold(text)))


def exact_kind(text: str, *, closed: bool = True) -> SectionKind | None:
    """The section a heading names when it is exactly one of the known phrases.

    ``closed``: the line ends like a heading (a colon, a question mark, markup), so
    phrases with a free part ("About <company>", "Why <company>?") may match too.
    """
    core = _core(text)
    for kind, pattern in _EXACT if closed else _EXACT_FIXED:
        if pattern.fullmatch(core):
            return kind
    return None


def _started_kind(core: str) -> SectionKind | None:
    for kind, pattern in _PREFIX:
        if pattern.match(core):
            return kind
    return None


def _named_kind(core: str) -> SectionKind | None:
    for kind, pattern in _ANYWHERE:
        if pattern.search(core):
            return kind
    return None


def _shouted(text: str) -> bool:
    """A short line in capitals ("PERKS & PAY") is set as a heading."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and len(text.split()) <= 8 and all(c.isupper() for c in letters)


def read_heading(line: Line) -> Heading | None:
    text = line.text
    if len(text) > 160:
        return None
    shown = _TRAILING_MARKS.sub("", text) or text
    stripped = text.rstrip()
    marked = line.marked_heading or _shouted(text)
    closes = stripped.endswith((":", "\uff1a", "?")) or marked
    kind = exact_kind(text, closed=closes)
    if kind is not None:
        return Heading(kind, shown)
    if line.bulleted:
        return None
    inline = _INLINE.match(text)
    if inline and not inline["head"].startswith(("http", "www")):
        kind = exact_kind(inline["head"], closed=False)
        if kind is not None:
            return Heading(kind, inline["head"].strip(), inline["rest"].strip())
    core = _core(text)
    words = len(core.split())
    if not closes or words > MAX_HEADING_WORDS:
        return None
    kind = _started_kind(core) if words <= 14 else None
    kind = kind or _named_kind(core)
    if kind is not None:
        return Heading(kind, shown, exact=False)
    if marked or (
        stripped.endswith((":", "\uff1a")) and words <= 6 and not any(c.isdigit() for c in core)
    ):
        return Heading(None, shown, exact=False)
    return None
