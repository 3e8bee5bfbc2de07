"""The search page's body: the documented PostingPage, facets encoded once per kept answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import uuid4

from adapters.http.search_page import RenderedFacets, page_body
from application.queries.public_postings import FacetCount, ListedPosting, SearchResult

NOW = datetime(2026, 12, 4, tzinfo=UTC)
FACETS = {
    "country": (FacetCount("DE", 12), FacetCount("FR", 3)),
    "company": (FacetCount("acme", 7, "Acme GmbH"),),
}


def _listed(title: str) -> ListedPosting:
    return ListedPosting(uuid4(), NOW, json.dumps({"title": title}), None)


def test_a_page_is_its_summaries_cursor_and_facets() -> None:
    items = (_listed("Barista"), _listed("Baker"))

    with_facets = json.loads(page_body(SearchResult(items, "next", FACETS)))
    plain = json.loads(page_body(SearchResult(items, None, None)))

    assert with_facets == {
        "items": [{"title": "Barista"}, {"title": "Baker"}],
        "next_cursor": "next",
        "facets": {
            "country": [{"value": "DE", "count": 12}, {"value": "FR", "count": 3}],
            "company": [{"value": "acme", "count": 7, "name": "Acme GmbH"}],
        },
    }
    assert plain == {"items": [{"title": "Barista"}, {"title": "Baker"}], "next_cursor": None}


def test_a_kept_answer_is_encoded_once_and_another_answer_on_its_own() -> None:
    rendered = RenderedFacets(size=2)
    first = rendered(FACETS)
    again = rendered(FACETS)
    other_answer: dict[str, tuple[FacetCount, ...]] = {"country": (FacetCount("DE", 13),)}

    assert again is first  # the bytes kept, not encoded again
    assert json.loads(rendered(other_answer)) == {"country": [{"value": "DE", "count": 13}]}
    # An equal answer that is another object (recounted) is encoded again, not trusted.
    recounted = dict(FACETS)
    assert rendered(recounted) == first
    assert rendered(recounted) is not first


def test_the_oldest_answer_is_let_go_past_the_size() -> None:
    rendered = RenderedFacets(size=1)
    first = rendered(FACETS)
    rendered({"country": (FacetCount("FR", 1),)})

    assert rendered(FACETS) is not first
    assert rendered(FACETS) == first
