"""The candidate's questions about postings: search them, read one."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple, Protocol
from uuid import UUID

from application.errors import InvalidParameter
from application.ports import Clock
from application.views import PostingDetail
from domain.errors import InvariantViolated, NotFound
from domain.guards import member
from domain.iso_codes import country_code, currency_code, language_code
from domain.posting_facts import Support
from domain.posting_values import EmploymentType, Seniority, Workplace

MAX_LIMIT = 100
MAX_QUERY_LENGTH = 200
FACET_GROUPS = (
    "country",
    "language",
    "workplace",
    "employment_type",
    "requirement",
    "company",
    # posting facts (issue 20 item 2)
    "visa_sponsorship",
    "relocation_support",
    "working_language",
)


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"


@dataclass(frozen=True, slots=True)
class PostingFilters:
    q: str | None = None
    countries: tuple[str, ...] = ()
    city: str | None = None
    language: str | None = None
    workplaces: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()
    seniority: str | None = None
    company: str | None = None
    requirements: tuple[str, ...] = ()
    salary_min: Decimal | None = None
    currency: str | None = None
    posted_within_days: int | None = None
    # posting facts (issue 20 item 2): yes/no/unknown, and a language the team works in
    # or the posting is written in (ISO 639-1).
    visa_sponsorship: str | None = None
    relocation_support: str | None = None
    working_language: str | None = None


@dataclass(frozen=True, slots=True)
class SearchCursor:
    """Where a page ended, so the next starts right after it (keyset pagination).

    A relevance page also remembers the moment the search began: its ranking
    window (the newest matches up to then) stays put while postings are published.
    """

    sort: Sort
    published_at: datetime
    posting_id: UUID
    rank: float | None = None
    window_end: datetime | None = None

    def encode(self) -> str:
        # Compact JSON, written out (every page with a next one pays for this): the sort,
        # ISO times and the UUID hold nothing JSON escapes, and a finite float's repr is
        # its JSON; the same text json.dumps(..., separators=(",", ":")) gives.
        raw = f'{{"s":"{self.sort.value}","p":"{self.published_at.isoformat()}"'
        raw += f',"i":"{self.posting_id}"'
        if self.sort is Sort.RELEVANCE:
            window = f'"{self.window_end.isoformat()}"' if self.window_end else "null"
            rank = "null" if self.rank is None else repr(float(self.rank))
            raw += f',"r":{rank},"w":{window}'
        return base64.urlsafe_b64encode(f"{raw}}}".encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> SearchCursor:
        try:
            data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            if not isinstance(data, dict):
                raise TypeError("a cursor is a JSON object")
            sort = Sort(data["s"])
            cursor = cls(sort, _moment(data["p"]), UUID(_text(data["i"])))
            if sort is Sort.RELEVANCE:
                rank = float(data["r"])
                if rank != rank or rank in (float("inf"), float("-inf")):
                    raise ValueError("rank is not a number")
                cursor = replace(cursor, rank=rank, window_end=_moment(data["w"]))
            return cursor
        except (
            ValueError,
            TypeError,
            KeyError,
            OverflowError,
            binascii.Error,
            UnicodeDecodeError,
        ):
            raise InvalidParameter(
                "cursor is not one this board handed out", field="cursor"
            ) from None


def _text(value: Any) -> str:
    # UUID() reads an int, a dict or a list by calling str methods on it: AttributeError.
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(_text(value))
    if moment.tzinfo is None:
        raise ValueError("naive time")
    # Only times the board can have written: PostgreSQL rejects the far edges.
    if not 1970 <= moment.astimezone(UTC).year <= 9000:
        raise ValueError("time out of range")
    return moment


@dataclass(frozen=True, slots=True)
class PostingSearch:
    """A validated search, ready for a reader."""

    filters: PostingFilters
    sort: Sort
    limit: int
    after: SearchCursor | None
    window_end: datetime  # relevance ranks the newest matches published up to here


class ListedPosting(NamedTuple):
    """One posting a search found: the keys a cursor needs, and the posting's summary (the
    fields of PostingSummary) as the read model keeps it, a JSON object encoded when the
    posting was projected. A page of results is joined from these, never rebuilt. (A
    tuple, so a reader makes one from a row of these four columns at C speed.)"""

    posting_id: UUID
    published_at: datetime
    summary_json: str
    rank: float | None


@dataclass(frozen=True, slots=True)
class FacetCount:
    value: str
    count: int
    label: str | None = None


@dataclass(frozen=True, slots=True)
class SearchResult:
    items: tuple[ListedPosting, ...]
    next_cursor: str | None
    facets: dict[str, tuple[FacetCount, ...]] | None


class PublicPostingReader(Protocol):
    """Reads the public posting read model: only what candidates may see."""

    async def search(self, search: PostingSearch, now: datetime) -> list[ListedPosting]:
        """Up to ``search.limit`` public postings matching it, in its order, after its cursor."""
        ...

    async def facets(
        self, filters: PostingFilters, groups: tuple[str, ...], now: datetime
    ) -> dict[str, tuple[FacetCount, ...]]:
        """Per group, counts under every filter but the group's own (disjunctive facets)."""
        ...

    async def search_with_facets(
        self, search: PostingSearch, groups: tuple[str, ...], now: datetime
    ) -> tuple[list[ListedPosting], dict[str, tuple[FacetCount, ...]]]:
        """What ``search`` and then ``facets`` of its filters answer, read together where
        the store can save a round trip by it."""
        ...

    async def detail(self, posting_id: UUID, now: datetime) -> PostingDetail | None: ...


@dataclass(frozen=True, slots=True)
class ListPublicPostings:
    filters: PostingFilters = PostingFilters()
    sort: str | None = None
    limit: int = 20
    cursor: str | None = None
    facets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GetPublicPosting:
    posting_id: UUID


def checked_parameter(check: Callable[[str], str], value: str, field: str) -> str:
    """Validate one query parameter with a domain check, reporting it under its own name."""
    try:
        return check(value)
    except InvariantViolated as error:
        message = error.message.replace(error.field or field, field)
        raise InvalidParameter(message, field=field) from None


def enum_check(enum: type[StrEnum]) -> Callable[[str], str]:
    return lambda value: member(enum, value.strip().lower(), field="value").value


def text_parameter(value: str | None, field: str, max_length: int = 200) -> str | None:
    """A free-text filter: trimmed, bounded, and free of characters no column can hold."""
    if value is None or not value.strip():
        return None
    if "\x00" in value or len(value) > max_length:
        raise InvalidParameter(
            f"{field} must be at most {max_length} characters without NUL", field=field
        )
    return value.strip()


def _pay(filters: PostingFilters) -> tuple[Decimal | None, str | None]:
    if filters.salary_min is None and filters.currency is None:
        return None, None
    if filters.salary_min is None or filters.currency is None:
        field = "currency" if filters.currency is None else "salary_min"
        raise InvalidParameter("salary_min and currency go together", field=field)
    try:
        positive = filters.salary_min.is_finite() and filters.salary_min >= 0
    except InvalidOperation:
        positive = False
    if not positive or filters.salary_min >= Decimal(10) ** 12:
        raise InvalidParameter("salary_min must be a positive amount", field="salary_min")
    return filters.salary_min, checked_parameter(currency_code, filters.currency, "currency")


# The same filters come back again and again (a country's page, a skill's): their checked
# form is remembered. Filters that fail raise every time and are never remembered.
@lru_cache(maxsize=4096)
def validated(filters: PostingFilters) -> PostingFilters:
    """The filters with codes normalised, or InvalidParameter naming the first bad one."""
    if filters.posted_within_days is not None and not 1 <= filters.posted_within_days <= 3650:
        raise InvalidParameter(
            "posted_within_days must be between 1 and 3650", field="posted_within_days"
        )
    salary_min, currency = _pay(filters)
    return PostingFilters(
        q=text_parameter(filters.q, "q", MAX_QUERY_LENGTH),
        countries=tuple(checked_parameter(country_code, c, "country") for c in filters.countries),
        city=text_parameter(filters.city, "city"),
        language=checked_parameter(language_code, filters.language, "language")
        if filters.language
        else None,
        workplaces=tuple(
            checked_parameter(enum_check(Workplace), w, "workplace") for w in filters.workplaces
        ),
        employment_types=tuple(
            checked_parameter(enum_check(EmploymentType), e, "employment_type")
            for e in filters.employment_types
        ),
        seniority=checked_parameter(enum_check(Seniority), filters.seniority, "seniority")
        if filters.seniority
        else None,
        company=(text_parameter(filters.company, "company") or "").lower() or None,
        requirements=tuple(
            text for r in filters.requirements if (text := text_parameter(r, "requirement", 100))
        ),
        salary_min=salary_min,
        currency=currency,
        posted_within_days=filters.posted_within_days,
        visa_sponsorship=checked_parameter(
            enum_check(Support), filters.visa_sponsorship, "visa_sponsorship"
        )
        if filters.visa_sponsorship
        else None,
        relocation_support=checked_parameter(
            enum_check(Support), filters.relocation_support, "relocation_support"
        )
        if filters.relocation_support
        else None,
        working_language=checked_parameter(
            language_code, filters.working_language, "working_language"
        )
        if filters.working_language
        else None,
    )


def _sort(requested: str | None, filters: PostingFilters) -> Sort:
    if requested is None:
        return Sort.RELEVANCE if filters.q else Sort.NEWEST
    sort = Sort(checked_parameter(enum_check(Sort), requested, "sort"))
    if sort is Sort.RELEVANCE and not filters.q:
        raise InvalidParameter("sort=relevance needs a search text q", field="sort")
    return sort


def _facet_groups(requested: tuple[str, ...]) -> tuple[str, ...]:
    groups: list[str] = []
    for group in requested:
        name = group.strip().lower()
        if name not in FACET_GROUPS:
            raise InvalidParameter(
                f"facets may name {', '.join(FACET_GROUPS)}; not {group!r}", field="facets"
            )
        if name not in groups:
            groups.append(name)
    return tuple(groups)


class ListPublicPostingsHandler:
    """Search public postings: text, filters, relevance or newest, a page at a time."""

    def __init__(self, reader: PublicPostingReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, query: ListPublicPostings) -> SearchResult:
        if not 1 <= query.limit <= MAX_LIMIT:
            raise InvalidParameter(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
        filters = validated(query.filters)
        sort = _sort(query.sort, filters)
        groups = _facet_groups(query.facets)
        after = SearchCursor.decode(query.cursor) if query.cursor else None
        if after is not None and after.sort is not sort:
            raise InvalidParameter("the cursor belongs to another sort order", field="cursor")
        now = self._clock.now()
        window_end = after.window_end if after and after.window_end else now
        search = PostingSearch(filters, sort, query.limit + 1, after, window_end)
        facets: dict[str, tuple[FacetCount, ...]] | None = None
        if groups:
            rows, facets = await self._reader.search_with_facets(search, groups, now)
        else:
            rows = await self._reader.search(search, now)
        page = rows[: query.limit]
        cursor = None
        if len(rows) > query.limit:
            last = page[-1]
            cursor = SearchCursor(
                sort,
                last.published_at,
                last.posting_id,
                last.rank if sort is Sort.RELEVANCE else None,
                window_end if sort is Sort.RELEVANCE else None,
            ).encode()
        return SearchResult(tuple(page), cursor, facets)


class GetPublicPostingHandler:
    """One public posting in full; NotFound when absent or not public."""

    def __init__(self, reader: PublicPostingReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, query: GetPublicPosting) -> PostingDetail:
        detail = await self._reader.detail(query.posting_id, self._clock.now())
        if detail is None:
            raise NotFound(f"posting {query.posting_id} not found")
        return detail
