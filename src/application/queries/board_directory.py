"""The board's directory questions: a company's page, where and in which languages
postings are published, and the requirement catalogue with its counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.errors import InvalidParameter
from application.ports import Clock
from application.queries.public_postings import checked_parameter, enum_check, text_parameter
from domain.errors import NotFound
from domain.iso_codes import language_code
from domain.requirement import RequirementKind

MAX_CATALOGUE_PAGE = 200


@dataclass(frozen=True, slots=True)
class PublicCompanyView:
    name: str
    slug: str
    website: str | None
    description: str
    country: str
    open_postings: int


@dataclass(frozen=True, slots=True)
class CountryCount:
    country: str
    postings: int


@dataclass(frozen=True, slots=True)
class LanguageCount:
    language: str
    postings: int


@dataclass(frozen=True, slots=True)
class RequirementCount:
    id: UUID
    name: str
    kind: str
    postings: int


class BoardDirectoryReader(Protocol):
    async def company(self, slug: str, now: datetime) -> PublicCompanyView | None: ...

    async def countries(self, language: str | None, now: datetime) -> list[CountryCount]: ...

    async def languages(self, now: datetime) -> list[LanguageCount]: ...

    async def requirements(
        self, prefix: str | None, kind: str | None, limit: int, now: datetime
    ) -> list[RequirementCount]: ...


@dataclass(frozen=True, slots=True)
class GetPublicCompany:
    slug: str


@dataclass(frozen=True, slots=True)
class ListCountries:
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ListLanguages:
    pass


@dataclass(frozen=True, slots=True)
class ListRequirements:
    prefix: str | None = None
    kind: str | None = None
    limit: int = 50


class GetPublicCompanyHandler:
    """A verified company's public profile with how many postings it has open."""

    def __init__(self, reader: BoardDirectoryReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, query: GetPublicCompany) -> PublicCompanyView:
        slug = (text_parameter(query.slug, "slug", 80) or "").lower()
        found = await self._reader.company(slug, self._clock.now()) if slug else None
        if found is None:
            raise NotFound(f"company {query.slug!r} not found")
        return found


class ListCountriesHandler:
    """Countries with public postings, optionally only those written in one language
    (a board shown in French lists only the countries that have French postings)."""

    def __init__(self, reader: BoardDirectoryReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, query: ListCountries) -> list[CountryCount]:
        language = (
            checked_parameter(language_code, query.language, "language") if query.language else None
        )
        return await self._reader.countries(language, self._clock.now())


class ListLanguagesHandler:
    """The languages public postings are written in, with their counts."""

    def __init__(self, reader: BoardDirectoryReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, query: ListLanguages) -> list[LanguageCount]:
        return await self._reader.languages(self._clock.now())


class ListRequirementsHandler:
    """Catalogue entries whose name or an alias starts with ``prefix``, with the number of
    public postings asking for each: for filters and autocomplete."""

    def __init__(self, reader: BoardDirectoryReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, query: ListRequirements) -> list[RequirementCount]:
        if not 1 <= query.limit <= MAX_CATALOGUE_PAGE:
            raise InvalidParameter(
                f"limit must be between 1 and {MAX_CATALOGUE_PAGE}", field="limit"
            )
        prefix = text_parameter(query.prefix, "prefix", 100)
        kind = (
            checked_parameter(enum_check(RequirementKind), query.kind, "kind")
            if query.kind
            else None
        )
        return await self._reader.requirements(
            prefix.casefold() if prefix else None, kind, query.limit, self._clock.now()
        )
