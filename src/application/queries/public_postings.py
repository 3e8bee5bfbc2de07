"""The candidate's questions about postings: list them, read one."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from application.errors import InvalidParameter
from application.ports import Clock
from application.queries.views import Page, PostingDetail, PostingSummary
from domain.errors import InvariantViolated, NotFound
from domain.guards import member
from domain.iso_codes import country_code, language_code
from domain.posting_values import EmploymentType, Seniority, Workplace

MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class PostingFilters:
    countries: tuple[str, ...] = ()
    city: str | None = None
    language: str | None = None
    workplaces: tuple[str, ...] = ()
    employment_types: tuple[str, ...] = ()
    seniority: str | None = None
    company: str | None = None
    requirements: tuple[str, ...] = ()
    posted_within_days: int | None = None


@dataclass(frozen=True, slots=True)
class NewestCursor:
    """Where a page of newest-first results ended: the last posting's sort key."""

    published_at: datetime
    posting_id: UUID

    def encode(self) -> str:
        raw = f"{self.published_at.isoformat()}|{self.posting_id}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> NewestCursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            stamp, posting_id = raw.split("|")
            published_at = datetime.fromisoformat(stamp)
            if published_at.tzinfo is None:
                raise ValueError("naive time")
            # Only times the board can have written: PostgreSQL rejects the far edges.
            if not 1970 <= published_at.astimezone(UTC).year <= 9000:
                raise ValueError("time out of range")
            return cls(published_at, UUID(posting_id))
        except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError):
            raise InvalidParameter(
                "cursor is not one this board handed out", field="cursor"
            ) from None


class PublicPostingReader(Protocol):
    """Reads the public posting read model: only what candidates may see."""

    async def newest(
        self, filters: PostingFilters, now: datetime, after: NewestCursor | None, limit: int
    ) -> list[PostingSummary]:
        """Public postings matching ``filters``, newest first, strictly after ``after``."""
        ...

    async def detail(self, posting_id: UUID, now: datetime) -> PostingDetail | None: ...


@dataclass(frozen=True, slots=True)
class ListPublicPostings:
    filters: PostingFilters = PostingFilters()
    limit: int = 20
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class GetPublicPosting:
    posting_id: UUID


def _parameter(check: Callable[[str], str], value: str, field: str) -> str:
    """Validate one query parameter with a domain check, reporting it under its own name."""
    try:
        return check(value)
    except InvariantViolated as error:
        raise InvalidParameter(
            error.message.replace(error.field or field, field), field=field
        ) from None


def _enum_check(enum: type[StrEnum]) -> Callable[[str], str]:
    return lambda value: member(enum, value.strip().lower(), field="value").value


def _text(value: str | None, field: str, max_length: int = 200) -> str | None:
    """A free-text filter: trimmed, bounded, and free of characters no column can hold."""
    if value is None or not value.strip():
        return None
    if "\x00" in value or len(value) > max_length:
        raise InvalidParameter(
            f"{field} must be at most {max_length} characters without NUL", field=field
        )
    return value.strip()


def validated(filters: PostingFilters) -> PostingFilters:
    """The filters with codes normalised, or InvalidParameter naming the first bad one."""
    if filters.posted_within_days is not None and not 1 <= filters.posted_within_days <= 3650:
        raise InvalidParameter(
            "posted_within_days must be between 1 and 3650", field="posted_within_days"
        )
    return PostingFilters(
        countries=tuple(_parameter(country_code, c, "country") for c in filters.countries),
        city=_text(filters.city, "city"),
        language=_parameter(language_code, filters.language, "language")
        if filters.language
        else None,
        workplaces=tuple(
            _parameter(_enum_check(Workplace), w, "workplace") for w in filters.workplaces
        ),
        employment_types=tuple(
            _parameter(_enum_check(EmploymentType), e, "employment_type")
            for e in filters.employment_types
        ),
        seniority=_parameter(_enum_check(Seniority), filters.seniority, "seniority")
        if filters.seniority
        else None,
        company=(_text(filters.company, "company") or "").lower() or None,
        requirements=tuple(
            text for r in filters.requirements if (text := _text(r, "requirement", 100))
        ),
        posted_within_days=filters.posted_within_days,
    )


class ListPublicPostingsHandler:
    """Public postings, newest first, a page at a time (keyset pagination)."""

    def __init__(self, reader: PublicPostingReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, query: ListPublicPostings) -> Page[PostingSummary]:
        if not 1 <= query.limit <= MAX_LIMIT:
            raise InvalidParameter(f"limit must be between 1 and {MAX_LIMIT}", field="limit")
        filters = validated(query.filters)
        after = NewestCursor.decode(query.cursor) if query.cursor else None
        rows = await self._reader.newest(filters, self._clock.now(), after, query.limit + 1)
        items = tuple(rows[: query.limit])
        more = len(rows) > query.limit
        cursor = NewestCursor(items[-1].published_at, items[-1].id).encode() if more else None
        return Page(items, cursor)


class GetPublicPostingHandler:
    """One public posting in full; NotFound when absent or not public."""

    def __init__(self, reader: PublicPostingReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, query: GetPublicPosting) -> PostingDetail:
        detail = await self._reader.detail(query.posting_id, self._clock.now())
        if detail is None:
            raise NotFound(f"posting {query.posting_id} not found")
        return detail
