"""The feed cache answers a feed again only when everything it was written from is the
same: a changed summary, another address or another format is written afresh."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from adapters.http.posting_feeds import RenderedFeeds
from adapters.http.public_links import PublicLinks
from application.queries.public_postings import ListedPosting

LINKS = PublicLinks("https://jobs.example", "/jobs/{id}")
SELF = "https://jobs.example/v1/postings/feed.atom"


def posting(title: str) -> ListedPosting:
    summary = (
        '{"id":"00000000-0000-0000-0000-000000000001","title":"' + title + '",'
        '"company":{"name":"Acme","slug":"acme"},"language":"en",'
        '"locations":[{"country":"DE","city":"Berlin"}],"workplace":"hybrid",'
        '"employment_type":"full_time","seniority":null,"salary":null,'
        '"requirements":["Python"],"published_at":"2026-12-01T10:00:00Z",'
        '"valid_through":"2027-01-01T00:00:00Z"}'
    )
    return ListedPosting(UUID(int=1), datetime(2026, 12, 1, 10, tzinfo=UTC), summary, None)


def test_the_same_postings_get_the_same_written_feed() -> None:
    feeds = RenderedFeeds()

    first = feeds("atom", [posting("Engineer")], LINKS, SELF, "t")

    assert feeds("atom", [posting("Engineer")], LINKS, SELF, "t") is first


def test_a_changed_summary_address_or_format_is_written_afresh() -> None:
    feeds = RenderedFeeds()
    first = feeds("atom", [posting("Engineer")], LINKS, SELF, "t")

    revised = feeds("atom", [posting("Staff engineer")], LINKS, SELF, "t")
    elsewhere = feeds("atom", [posting("Engineer")], PublicLinks("https://b", "/j/{id}"), SELF, "t")
    as_rss = feeds("rss", [posting("Engineer")], LINKS, SELF, "t")

    assert b"Staff engineer" in revised.body
    assert b"https://b/j/" in elsewhere.body
    assert b"<rss" in as_rss.body
    assert first.body not in {revised.body, elsewhere.body, as_rss.body}


def test_the_least_recently_used_feed_leaves_first() -> None:
    feeds = RenderedFeeds(size=2)
    kept = feeds("atom", [posting("A")], LINKS, SELF, "t")
    feeds("atom", [posting("B")], LINKS, SELF, "t")
    feeds("atom", [posting("A")], LINKS, SELF, "t")  # A used again: B is now the oldest
    feeds("atom", [posting("C")], LINKS, SELF, "t")

    assert feeds("atom", [posting("A")], LINKS, SELF, "t") is kept
