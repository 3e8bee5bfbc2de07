"""The sitemaps.org 0.9 documents: a urlset of posting pages, or an index of urlsets."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from application.queries.public_sitemap import SitemapEntry, SitemapIndex, SitemapPage

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _document(root: Element) -> bytes:
    return bytes(tostring(root, encoding="utf-8", xml_declaration=True))


def urlset(page: SitemapPage, page_of: Callable[[SitemapEntry], str]) -> bytes:
    root = Element("urlset", xmlns=NAMESPACE)
    for entry in page.entries:
        url = SubElement(root, "url")
        SubElement(url, "loc").text = page_of(entry)
        SubElement(url, "lastmod").text = _w3c(entry.last_modified)
    return _document(root)


def sitemap_index(index: SitemapIndex, page_url: Callable[[int], str]) -> bytes:
    root = Element("sitemapindex", xmlns=NAMESPACE)
    for number in range(1, index.pages + 1):
        SubElement(SubElement(root, "sitemap"), "loc").text = page_url(number)
    return _document(root)


def last_modified(page: SitemapPage) -> datetime | None:
    return max((e.last_modified for e in page.entries), default=None)
