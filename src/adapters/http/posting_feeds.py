"""Atom 1.0 and RSS 2.0 documents of a page of postings, written by feedgen.

A feed is rendered from the summaries a search found, so a feed and the search
with the same filters list the same postings. The body depends only on those
postings (the feed's own time is the newest posting's, never the clock), so equal
answers carry equal ETags and a reader's conditional GET can be answered 304.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

import orjson
from feedgen.feed import FeedGenerator

from adapters.http.public_links import PublicLinks
from application.queries.public_postings import ListedPosting

FeedFormat = Literal["atom", "rss"]
# An empty feed's time: the same on every answer, so its ETag holds too.
EMPTY_FEED_TIME = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class RenderedFeed:
    body: bytes
    last_modified: datetime | None  # None for an empty feed: nothing in it has a time


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _places(summary: dict[str, Any]) -> str:
    places = [
        f"{loc['city']}, {loc['country']}" if loc.get("city") else loc["country"]
        for loc in summary["locations"]
    ]
    return "; ".join(places)


def _pay(salary: dict[str, Any] | None) -> str | None:
    if salary is None:
        return None
    low, high = salary["min"], salary["max"]
    amount = f"{low}" if high is None or high == low else f"{low}-{high}"
    return f"{amount} {salary['currency']} per {salary['period']}"


def entry_text(summary: dict[str, Any]) -> str:
    """One line a reader shows under the title: who, where, how, pay and what it asks."""
    parts = [
        summary["company"]["name"],
        _places(summary),
        summary["workplace"],
        summary["employment_type"].replace("_", " "),
    ]
    pay = _pay(summary["salary"])
    if pay:
        parts.append(pay)
    text = " · ".join(p for p in parts if p)
    if summary["requirements"]:
        text += ". Asks for: " + ", ".join(summary["requirements"])
    return text


def render_feed(
    kind: FeedFormat,
    postings: Sequence[ListedPosting],
    links: PublicLinks,
    self_url: str,
    title: str,
) -> RenderedFeed:
    summaries = [orjson.loads(p.summary_json) for p in postings]
    newest = max((_when(s["published_at"]) for s in summaries), default=EMPTY_FEED_TIME)
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.link(href=self_url, rel="self")
    feed.link(href=links.base_url + "/", rel="alternate")
    feed.description("Job postings on the board, newest first")
    feed.generator("jobboard")
    feed.updated(newest)
    feed.lastBuildDate(newest)
    for summary in summaries:
        entry = feed.add_entry(order="append")
        posting_id = UUID(summary["id"])
        page = links.posting(posting_id)
        published = _when(summary["published_at"])
        entry.id(f"urn:uuid:{posting_id}")
        entry.guid(f"urn:uuid:{posting_id}", permalink=False)
        entry.title(summary["title"])
        entry.link(href=page)
        entry.published(published)
        entry.updated(published)
        entry.summary(entry_text(summary))
        entry.author(name=summary["company"]["name"])
        for requirement in summary["requirements"]:
            entry.category(term=requirement)
    body = feed.atom_str(pretty=False) if kind == "atom" else feed.rss_str(pretty=False)
    return RenderedFeed(body, newest if summaries else None)


class RenderedFeeds:
    """Feeds already written, by what they were written from. feedgen takes milliseconds
    for a feed of 50 (several searches' worth), and readers poll the same few feeds over
    and over while nothing changes; a changed posting changes its summary, so a stale
    feed is never answered. Least recently used first out."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._kept: OrderedDict[tuple[object, ...], RenderedFeed] = OrderedDict()

    def __call__(
        self,
        kind: FeedFormat,
        postings: Sequence[ListedPosting],
        links: PublicLinks,
        self_url: str,
        title: str,
    ) -> RenderedFeed:
        key = (kind, links, self_url, title, tuple(p.summary_json for p in postings))
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
            return found
        rendered = render_feed(kind, postings, links, self_url, title)
        self._kept[key] = rendered
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return rendered
