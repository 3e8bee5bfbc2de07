"""The sitemap's paging rules, over a fake reader: one file while the postings fit, an index
of pages past that, and only pages that exist."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from application.errors import InvalidParameter
from application.queries.public_sitemap import (
    GetSitemap,
    GetSitemapHandler,
    SitemapEntry,
    SitemapIndex,
    SitemapPage,
)
from domain.errors import NotFound
from fakes import FakeSitemap, FixedClock

WHEN = datetime(2026, 12, 1, tzinfo=UTC)


def handler(postings: int, page_size: int) -> GetSitemapHandler:
    entries = [SitemapEntry(UUID(int=n), WHEN) for n in range(postings, 0, -1)]
    return GetSitemapHandler(FakeSitemap(entries), FixedClock(), page_size)


async def test_postings_that_fit_in_one_file_are_listed_in_it() -> None:
    found = await handler(3, page_size=3)(GetSitemap())

    assert isinstance(found, SitemapPage)
    assert [e.posting_id.int for e in found.entries] == [1, 2, 3]


async def test_an_empty_board_answers_an_empty_file_not_an_index() -> None:
    found = await handler(0, page_size=3)(GetSitemap())

    assert found == SitemapPage(())


async def test_more_postings_than_a_file_holds_make_an_index_of_pages_that_share_them() -> None:
    sitemap = handler(5, page_size=2)

    index = await sitemap(GetSitemap())
    pages = [await sitemap(GetSitemap(n)) for n in (1, 2, 3)]

    assert index == SitemapIndex(pages=3)
    listed = [e.posting_id.int for p in pages if isinstance(p, SitemapPage) for e in p.entries]
    assert listed == [1, 2, 3, 4, 5]


async def test_a_page_past_the_last_is_not_found_and_page_zero_is_refused() -> None:
    sitemap = handler(5, page_size=2)

    with pytest.raises(NotFound):
        await sitemap(GetSitemap(4))
    with pytest.raises(InvalidParameter) as refused:
        await sitemap(GetSitemap(0))
    assert refused.value.field == "page"


def test_a_page_size_past_what_sitemaps_allow_is_a_wiring_error() -> None:
    with pytest.raises(ValueError, match="50000"):
        GetSitemapHandler(FakeSitemap(), FixedClock(), 50_001)
