"""Feeds and the sitemap over HTTP: valid Atom 1.0 and RSS 2.0 (as feedparser reads them)
listing what the search with the same filters lists, conditional GETs answered 304, and a
sitemap that follows the public board, split into an index of pages past its page size."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from xml.etree.ElementTree import fromstring

import feedparser
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from e2e.board import assert_problem, published, until_gone, until_listed, verified_employer
from e2e_support import board_client

BASE_URL = "https://jobs.example"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
async def container(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        projector_poll_seconds=0.2,
        public_base_url=BASE_URL,
        sitemap_page_size=2,
    )
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with board_client(container) as client:
        yield client


async def _three_postings(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> tuple[str, str, str]:
    employer = await verified_employer(client, admin_headers, "Feedable Ltd")
    rust = await published(client, employer, title="Rust engineer", description="Rust & Tokio")
    go = await published(client, employer, title="Go engineer", description="Go services")
    python = await published(
        client, employer, title="Python engineer <team lead>", description="Python & Django"
    )
    await until_listed(client, {rust, go, python})
    return rust, go, python


@pytest.mark.parametrize(("path", "version"), [("feed.atom", "atom10"), ("feed.rss", "rss20")])
async def test_a_feed_lists_what_the_search_with_its_filters_lists(
    client: httpx.AsyncClient, admin_headers: dict[str, str], path: str, version: str
) -> None:
    rust, _, python = await _three_postings(client, admin_headers)

    response = await client.get(f"/v1/postings/{path}?q=rust")
    everything = await client.get(f"/v1/postings/{path}")

    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(
        "application/atom+xml" if version == "atom10" else "application/rss+xml"
    )
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [e.id for e in feed.entries] == [f"urn:uuid:{rust}"]
    assert feed.entries[0].title == "Rust engineer"
    assert feed.entries[0].link == f"{BASE_URL}/jobs/{rust}"
    # Newest first, markup in a title kept as text.
    full = feedparser.parse(everything.content)
    assert not full.bozo
    assert full.entries[0].id == f"urn:uuid:{python}"
    assert full.entries[0].title == "Python engineer <team lead>"
    assert len(full.entries) == 3


async def test_a_feed_answers_a_conditional_get_with_304_until_the_board_changes(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Conditional Ltd")
    await until_listed(client, {await published(client, employer, title="First job")})
    first = await client.get("/v1/postings/feed.atom")
    tag, modified = first.headers["etag"], first.headers["last-modified"]

    again = await client.get("/v1/postings/feed.atom", headers={"If-None-Match": tag})
    by_date = await client.get("/v1/postings/feed.atom", headers={"If-Modified-Since": modified})
    other_filters = await client.get("/v1/postings/feed.atom?q=go", headers={"If-None-Match": tag})
    await until_listed(client, {await published(client, employer, title="Second job")})
    changed = await client.get("/v1/postings/feed.atom", headers={"If-None-Match": tag})
    # Last-Modified counts whole seconds (two publishes may share one), so only a date
    # before the newest posting's second says the client's copy is older.
    before = format_datetime(parsedate_to_datetime(modified) - timedelta(seconds=1), usegmt=True)
    older = await client.get("/v1/postings/feed.atom", headers={"If-Modified-Since": before})

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert by_date.status_code == 304
    assert other_filters.status_code == 200
    assert other_filters.headers["etag"] != tag
    assert changed.status_code == 200
    assert len(feedparser.parse(changed.content).entries) == 2
    assert older.status_code == 200


async def test_a_feed_takes_the_searchs_rules_for_its_filters(client: httpx.AsyncClient) -> None:
    bad_country = await client.get("/v1/postings/feed.rss?country=XX")
    bad_limit = await client.get("/v1/postings/feed.atom?limit=1000")

    assert_problem(bad_country, 400, "invalid-parameter")
    assert_problem(bad_limit, 400, "invalid-parameter")


def _locations(body: bytes) -> list[str]:
    return [loc.text or "" for loc in fromstring(body).iter(f"{SITEMAP}loc")]


async def test_the_sitemap_lists_public_pages_and_becomes_an_index_past_its_page_size(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    rust, go, python = await _three_postings(client, admin_headers)

    index = await client.get("/sitemap.xml")

    assert index.status_code == 200, index.text
    assert fromstring(index.content).tag == f"{SITEMAP}sitemapindex"
    pages = _locations(index.content)
    assert pages == [f"{BASE_URL}/sitemap.xml?page=1", f"{BASE_URL}/sitemap.xml?page=2"]
    listed: list[str] = []
    for number in (1, 2):
        page = await client.get(f"/sitemap.xml?page={number}")
        assert page.status_code == 200
        root = fromstring(page.content)
        assert root.tag == f"{SITEMAP}urlset"
        assert all(url.find(f"{SITEMAP}lastmod") is not None for url in root)
        listed += _locations(page.content)
    assert sorted(listed) == sorted(f"{BASE_URL}/jobs/{p}" for p in (rust, go, python))
    assert (await client.get("/sitemap.xml?page=3")).status_code == 404
    assert_problem(await client.get("/sitemap.xml?page=0"), 400, "invalid-parameter")


async def test_a_posting_that_leaves_the_board_leaves_the_sitemap(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    rust, go, python = await _three_postings(client, admin_headers)
    response = await client.post(
        f"/v1/admin/postings/{go}/take-down", json={"reason": "spam"}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    await until_gone(client, go)

    sitemap = await client.get("/sitemap.xml")

    assert fromstring(sitemap.content).tag == f"{SITEMAP}urlset"
    assert sorted(_locations(sitemap.content)) == sorted(
        f"{BASE_URL}/jobs/{p}" for p in (rust, python)
    )


async def test_the_feeds_document_the_searchs_filters_but_not_its_paging(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/schema/openapi.json")).json()

    for path in ("/v1/postings/feed.atom", "/v1/postings/feed.rss"):
        names = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert {"q", "country", "workplace", "limit"} <= names
        assert not names & {"sort", "cursor", "facets"}
    assert "page" in {p["name"] for p in document["paths"]["/sitemap.xml"]["get"]["parameters"]}
