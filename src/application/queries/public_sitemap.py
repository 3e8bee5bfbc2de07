"""The sitemap: every public posting's page, for search engines' crawlers.

A sitemap file holds at most 50,000 addresses (sitemaps.org), so a bigger board
answers a sitemap index naming its pages instead, and each page lists its share
of the postings in a stable order (by id).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.errors import InvalidParameter
from application.ports import Clock
from domain.errors import NotFound

MAX_SITEMAP_ENTRIES = 50_000


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    posting_id: UUID
    last_modified: datetime


class SitemapReader(Protocol):
    async def count(self, now: datetime) -> int:
        """How many postings are public at ``now``."""
        ...

    async def page(self, offset: int, limit: int, now: datetime) -> list[SitemapEntry]:
        """Public postings in id order, ``limit`` of them from ``offset`` on."""
        ...


@dataclass(frozen=True, slots=True)
class GetSitemap:
    page: int | None = None


@dataclass(frozen=True, slots=True)
class SitemapIndex:
    """More postings than one file holds: the sitemap names this many pages, 1 to pages."""

    pages: int


@dataclass(frozen=True, slots=True)
class SitemapPage:
    entries: tuple[SitemapEntry, ...]


class GetSitemapHandler:
    """The sitemap of the board's public postings: one page when they fit in one file, else
    an index of pages; asked for a page, that page."""

    def __init__(
        self, reader: SitemapReader, clock: Clock, page_size: int = MAX_SITEMAP_ENTRIES
    ) -> None:
        if not 1 <= page_size <= MAX_SITEMAP_ENTRIES:
            raise ValueError(f"a sitemap page holds 1 to {MAX_SITEMAP_ENTRIES} entries")
        self._reader, self._clock, self._size = reader, clock, page_size

    async def __call__(self, query: GetSitemap) -> SitemapIndex | SitemapPage:
        now = self._clock.now()
        if query.page is not None and query.page < 1:
            raise InvalidParameter("page must be 1 or more", field="page")
        total = await self._reader.count(now)
        pages = max(1, -(-total // self._size))
        if query.page is None:
            if pages > 1:
                return SitemapIndex(pages)
            page = 1
        else:
            page = query.page
        if page > pages:
            raise NotFound(f"the sitemap has {pages} page(s), not {page}")
        entries = await self._reader.page((page - 1) * self._size, self._size, now)
        return SitemapPage(tuple(entries))
