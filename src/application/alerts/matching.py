"""Percolation: the alerts a newly public posting matches, found without running each
saved search.

Every confirmed alert is indexed under its anchor keys: the keys of ONE of its filters
(the most selective it has), any of which a matching posting must carry. A posting
carries the keys of all its facts, so the alerts that may match it are those sharing a
key with it (one GIN lookup, ``anchor_keys && posting_keys``). Each candidate is then
verified exactly, with the search's own semantics: the structured filters here against
the posting's facts (mirroring adapters.postgres.search_filters_sql), the text ``q`` by
the search's own tsquery in the database, and a filter this module does not know by the
search's own SQL for that one posting, so a filter the search gains matches correctly
before it is taught here."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from application.queries.public_postings import PostingFilters

EVERYTHING = "*"  # the key of an alert with no filter an anchor can come from


@dataclass(frozen=True, slots=True)
class PostingFacts:
    """What the search filters on, of one public posting (its read-model row)."""

    posting_id: UUID
    countries: tuple[str, ...]
    remote_countries: tuple[str, ...]
    cities: tuple[str, ...]
    language: str
    workplace: str
    employment_type: str
    seniority: str | None
    company_slug: str
    requirement_names: tuple[str, ...]
    salary_currency: str | None
    annual_salary_max: Decimal | None
    published_at: datetime
    valid_through: datetime
    lexemes: tuple[str, ...]  # of its search vector
    # The posting facts candidates filter on (decision 023); spoken: its own language and
    # the team's working languages.
    visa_sponsorship: str = "unknown"
    relocation_support: str = "unknown"
    spoken_languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """An alert sharing a key with the posting. ``verified``: the store's own exact
    verdict on every filter of the alert, when it gave one as it found the candidate
    (then ``filters`` may be left out); None: the filters are checked here.
    ``text_matches``: the store's verdict on the alert's q alone, likewise."""

    alert_id: UUID
    filters: PostingFilters | None
    text_matches: bool | None = None
    verified: bool | None = None


class PostingFactsReader(Protocol):
    async def facts(self, posting_id: UUID) -> PostingFacts | None:
        """The posting's facts while it is public; None otherwise."""
        ...


class AlertCandidates(Protocol):
    async def sharing(
        self, posting_id: UUID, keys: Sequence[str], now: datetime
    ) -> list[Candidate]:
        """The confirmed alerts indexed under any of ``keys`` (the posting's)."""
        ...


class SearchProbe(Protocol):
    """The search's own verdict for one posting: what the structured check cannot say."""

    async def text_matches(
        self, posting_id: UUID, texts: Sequence[tuple[UUID, str, str | None]]
    ) -> set[UUID]:
        """Of (alert id, q, language filter), the alerts whose q the posting matches."""
        ...

    async def matches(self, posting_id: UUID, filters: PostingFilters, now: datetime) -> bool:
        """Whether a search with ``filters`` at ``now`` finds the posting."""
        ...


class QueryReader(Protocol):
    async def tsquery(self, q: str, language: str | None) -> str:
        """The search's tsquery of ``q`` as text (how the search reads it)."""
        ...


# ---- anchor keys ---------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:'((?:[^']|'')*)'(?::[A-Z*]+)?|(<->|<\d+>)|([&|!()]))")


class _Parser:
    """A tsquery's text (``'rust' & ( 'go' | !'java' ) <-> 'x'``) read for the lexemes
    one of which any matching document must hold; None where no such set exists (a
    negation, a prefix)."""

    def __init__(self, text: str) -> None:
        self._tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(text.rstrip()):
            match = _TOKEN.match(text, position)
            if match is None:
                raise ValueError(f"unreadable tsquery at {position}")
            lexeme, phrase, operator = match.groups()
            if lexeme is not None:
                prefix = match.group(0).rstrip().endswith("*")
                self._tokens.append(("prefix" if prefix else "lexeme", lexeme.replace("''", "'")))
            else:
                self._tokens.append(("op", "<->" if phrase else operator))
            position = match.end()
        self._at = 0

    def _peek(self) -> str | None:
        return self._tokens[self._at][1] if self._at < len(self._tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self._tokens[self._at]
        self._at += 1
        return token

    def keys(self) -> frozenset[str] | None:
        if not self._tokens:
            return None
        return self._or()

    def _or(self) -> frozenset[str] | None:
        sets = [self._and()]
        while self._peek() == "|":
            self._take()
            sets.append(self._and())
        if len(sets) == 1:
            return sets[0]
        if any(s is None for s in sets):
            return None
        return frozenset().union(*(s for s in sets if s is not None))

    def _and(self) -> frozenset[str] | None:
        sets = [self._phrase()]
        while self._peek() == "&":
            self._take()
            sets.append(self._phrase())
        return _narrowest(sets)

    def _phrase(self) -> frozenset[str] | None:
        sets = [self._not()]
        while self._peek() == "<->":
            self._take()
            sets.append(self._not())
        return _narrowest(sets)

    def _not(self) -> frozenset[str] | None:
        if self._peek() == "!":
            self._take()
            self._not()
            return None
        kind, value = self._take()
        if kind == "op" and value == "(":
            inner = self._or()
            self._take()  # ")"
            return inner
        if kind == "lexeme":
            return frozenset({value})
        return None  # a prefix match anchors nothing


def _narrowest(sets: list[frozenset[str] | None]) -> frozenset[str] | None:
    """Of an AND's operands (each necessary), the one to index under: the fewest lexemes,
    then the longest (a long word is a rare one)."""
    known = [s for s in sets if s is not None]
    if not known:
        return None
    return min(known, key=lambda s: (len(s), -min(len(x) for x in s)))


def text_keys(tsquery: str) -> frozenset[str] | None:
    try:
        return _Parser(tsquery).keys()
    except (ValueError, IndexError):
        return None


def _one(prefix: str, values: Iterable[str]) -> list[str]:
    return sorted({f"{prefix}:{v}" for v in values})


def _in_countries(keys: list[str], countries: Iterable[str]) -> list[str]:
    """Keys narrowed to the alert's countries: ``req:python&country:DE``. A skill or a
    word is common across the board; in one country it is what the alert asks for."""
    places = _one("country", countries)
    if not places:
        return keys
    return sorted(f"{key}&{place}" for key in keys for place in places)


def _given(value: str | None) -> list[str]:
    return [value] if value else []


def _and(keys: list[str], others: list[str]) -> list[str]:
    return sorted(f"{key}&{other}" for key in keys for other in others) if others else keys


def anchor_keys(filters: PostingFilters, text: frozenset[str] | None) -> list[str]:
    """The keys to index a (validated) alert under: those of its most selective filter,
    narrowed by a second one where a real board's postings make the first common (a skill
    and a word, a skill or a word within countries, a country and a seniority). ``text``
    is the lexemes one of which its q needs (``text_keys``). ``posting_keys`` must give
    every key this can give for a posting the alert matches."""
    f = filters
    words = _one("q", text or ())
    if f.company:
        return _one("company", [f.company])
    if f.requirements:
        skill = _one("req", [max(f.requirements, key=len)])
        return _and(skill, words) if words else _in_countries(skill, f.countries)
    if f.city:
        return _and(_one("city", [f.city]), words)
    if words:
        return _in_countries(words, f.countries)
    if f.countries:
        return _and(_one("country", f.countries), _one("seniority", _given(f.seniority)))
    if f.seniority:
        return _one("seniority", [f.seniority])
    if f.language:
        return _one("language", [f.language])
    if f.employment_types:
        return _one("employment", f.employment_types)
    if f.workplaces:
        return _one("workplace", f.workplaces)
    if f.currency:
        return _one("currency", [f.currency])
    return [EVERYTHING]


def posting_keys(p: PostingFacts) -> list[str]:
    """Every key an alert matching the posting can be indexed under."""
    keys = [EVERYTHING]
    keys += _one("company", [p.company_slug])
    skills, words = _one("req", p.requirement_names), _one("q", p.lexemes)
    places = (*p.countries, *p.remote_countries)
    keys += skills + words + _and(skills, words)
    keys += _in_countries(skills + words, places)
    keys += _one("city", p.cities) + _and(_one("city", p.cities), words)
    keys += _one("country", places)
    keys += _and(_one("country", places), _one("seniority", _given(p.seniority)))
    keys += _one("seniority", [p.seniority] if p.seniority else [])
    keys += _one("language", [p.language])
    keys += _one("employment", [p.employment_type])
    keys += _one("workplace", [p.workplace])
    keys += _one("currency", [p.salary_currency] if p.salary_currency else [])
    return keys


# ---- exact verification --------------------------------------------------------------

Check = Callable[[PostingFilters, PostingFacts, datetime], bool]

# One check per filter field, each the Python twin of its clause in
# adapters.postgres.search_filters_sql.conditions. q is the database's (a tsquery).
CHECKS: dict[str, Check] = {
    "countries": lambda f, p, now: bool(set(f.countries) & {*p.countries, *p.remote_countries}),
    "city": lambda f, p, now: f.city in p.cities,
    "language": lambda f, p, now: p.language == f.language,
    "workplaces": lambda f, p, now: p.workplace in f.workplaces,
    "employment_types": lambda f, p, now: p.employment_type in f.employment_types,
    "seniority": lambda f, p, now: p.seniority == f.seniority,
    "company": lambda f, p, now: p.company_slug == f.company,
    "requirements": lambda f, p, now: set(f.requirements) <= set(p.requirement_names),
    # salary_min and currency go together (validated); checked as one under currency.
    "salary_min": lambda f, p, now: True,
    "currency": lambda f, p, now: (
        f.salary_min is not None
        and p.salary_currency == f.currency
        and p.annual_salary_max is not None
        and p.annual_salary_max >= f.salary_min
    ),
    "posted_within_days": lambda f, p, now: (
        f.posted_within_days is not None
        and p.published_at >= now - timedelta(days=f.posted_within_days)
    ),
    "visa_sponsorship": lambda f, p, now: p.visa_sponsorship == f.visa_sponsorship,
    "relocation_support": lambda f, p, now: p.relocation_support == f.relocation_support,
    "working_language": lambda f, p, now: f.working_language in p.spoken_languages,
}
TEXT_FIELDS = frozenset({"q"})


@dataclass(frozen=True, slots=True)
class Verdict:
    """A candidate's structured verdict: False (no match), or a match that may still need
    the database: its q, or the whole search (a filter without a check here)."""

    matches: bool
    needs_text: bool = False
    needs_search: bool = False


def structured_verdict(filters: PostingFilters, posting: PostingFacts, now: datetime) -> Verdict:
    if posting.valid_through <= now:
        return Verdict(False)
    needs_search = False
    for field in dataclasses.fields(PostingFilters):
        value = getattr(filters, field.name)
        if value is None or value == ():
            continue
        if field.name in TEXT_FIELDS:
            continue
        check = CHECKS.get(field.name)
        if check is None:
            needs_search = True
            continue
        if not check(filters, posting, now):
            return Verdict(False)
    return Verdict(True, needs_text=bool(filters.q), needs_search=needs_search)


@dataclass(frozen=True, slots=True)
class PostingMatches:
    posting_id: UUID
    candidates: int
    alert_ids: tuple[UUID, ...]


class MatchPublishedPosting:
    """The confirmed alerts a newly public posting matches: candidates by shared anchor
    keys, each verified exactly."""

    def __init__(
        self, facts: PostingFactsReader, candidates: AlertCandidates, probe: SearchProbe
    ) -> None:
        self._facts, self._candidates, self._probe = facts, candidates, probe

    async def __call__(self, posting_id: UUID, now: datetime) -> PostingMatches:
        posting = await self._facts.facts(posting_id)
        if posting is None:
            return PostingMatches(posting_id, 0, ())
        candidates = await self._candidates.sharing(posting_id, posting_keys(posting), now)
        matched: list[UUID] = []
        texts: list[tuple[UUID, str, str | None]] = []
        for candidate in candidates:
            if candidate.verified is not None:
                if candidate.verified:
                    matched.append(candidate.alert_id)
                continue
            if candidate.filters is None:
                raise ValueError("a candidate the store did not verify needs its filters")
            verdict = structured_verdict(candidate.filters, posting, now)
            if not verdict.matches:
                continue
            if verdict.needs_search:
                if await self._probe.matches(posting_id, candidate.filters, now):
                    matched.append(candidate.alert_id)
            elif verdict.needs_text and candidate.text_matches is not None:
                if candidate.text_matches:
                    matched.append(candidate.alert_id)
            elif verdict.needs_text and candidate.filters.q:
                texts.append((candidate.alert_id, candidate.filters.q, candidate.filters.language))
            else:
                matched.append(candidate.alert_id)
        if texts:
            matched += sorted(await self._probe.text_matches(posting_id, texts))
        return PostingMatches(posting_id, len(candidates), tuple(matched))
