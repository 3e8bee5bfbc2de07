"""A page of search results as the JSON the API documents as PostingPage."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from adapters.http.rendering import encoded
from application.queries.public_postings import FacetCount, SearchResult
from application.views import PostingSummary


@dataclass(frozen=True)
class PostingPage:
    items: list[PostingSummary]
    next_cursor: str | None
    facets: dict[str, list[FacetCount]] | None = None


def _facets(found: dict[str, tuple[FacetCount, ...]]) -> dict[str, list[dict[str, Any]]]:
    rendered: dict[str, list[dict[str, Any]]] = {}
    for group, counts in found.items():
        rendered[group] = [
            {"value": c.value, "count": c.count} | ({"name": c.label} if c.label else {})
            for c in counts
        ]
    return rendered


class RenderedFacets:
    """Facet answers as JSON, kept by identity. The reader hands out the same answer while
    its counts hold, so the facets of a landing page asked again and again are encoded
    once, not per request (six full groups took about 30 us). An answer kept here is held
    by it, so its id cannot be reused by another while it is a key. An answer counted
    afresh for every request (a "posted within" window) is encoded each time and only
    passes through, least recently used first out."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._kept: OrderedDict[int, tuple[object, bytes]] = OrderedDict()

    def __call__(self, found: dict[str, tuple[FacetCount, ...]]) -> bytes:
        key = id(found)
        kept = self._kept.get(key)
        if kept is not None and kept[0] is found:
            self._kept.move_to_end(key)
            return kept[1]
        body = encoded(_facets(found))
        self._kept[key] = (found, body)
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return body


rendered_facets = RenderedFacets()


def page_body(result: SearchResult) -> bytes:
    """A page of results as the JSON the API documents as PostingPage: the items are the
    summaries the read model keeps encoded, joined as they are."""
    items = ",".join([item.summary_json for item in result.items])
    body = b'{"items":[' + items.encode() + b'],"next_cursor":' + encoded(result.next_cursor)
    if result.facets is not None:
        body += b',"facets":' + rendered_facets(result.facets)
    return body + b"}"
