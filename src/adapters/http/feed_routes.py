"""Feeds and the sitemap: the public board in the shapes feed readers and crawlers read."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter

from adapters.http.conditional_get import conditional
from adapters.http.dependencies import Jobboard
from adapters.http.openapi_operations import BoardOperation
from adapters.http.posting_feeds import FeedFormat, RenderedFeeds
from adapters.http.problem_docs import PUBLIC_ONE, PUBLIC_READ
from adapters.http.public_links import PublicLinks
from adapters.http.search_parameters import SearchOperation, search_from_query
from adapters.http.sitemap_xml import last_modified, sitemap_index, urlset
from application.queries.public_postings import Sort
from application.queries.public_sitemap import GetSitemap, SitemapIndex

ATOM = "application/atom+xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
XML = "application/xml; charset=utf-8"
FEED_TITLE = "jobboard: the newest job postings"
# Keyed by everything a feed is written from, so one cache serves every app in a process.
RENDERED = RenderedFeeds()


@dataclass
class FeedOperation(SearchOperation):
    """A feed takes the search's filters and limit; its order is always newest first."""

    leave_out = frozenset({"sort", "cursor", "facets"})


async def _feed(request: Request[Any, Any, Any], jobboard: Jobboard, kind: FeedFormat) -> Any:
    settings = request.app.state.container.settings()
    search = search_from_query(request.query_params.multi_items())
    limit = search.limit if "limit" in request.query_params else settings.feed_size
    search = replace(search, sort=Sort.NEWEST.value, cursor=None, facets=(), limit=limit)
    result = await jobboard.queries.list_public_postings(search)
    links = PublicLinks.from_settings(settings)
    # The feed's own address, from configuration and the query asked: never from Host.
    query = request.scope.get("query_string", b"").decode("latin-1")
    self_url = links.base_url + request.url.path + (f"?{query}" if query else "")
    feed = RENDERED(kind, result.items, links, self_url, FEED_TITLE)
    return conditional(request, feed.body, ATOM if kind == "atom" else RSS, feed.last_modified)


class FeedController(Controller):
    path = "/v1/postings"
    tags = ["public"]

    @get(
        "/feed.atom",
        operation_id="getAtomFeed",
        summary="The newest public postings as an Atom feed",
        media_type=ATOM,
        responses=PUBLIC_READ,
        operation_class=FeedOperation,
    )
    async def atom(self, request: Request[Any, Any, Any], jobboard: Jobboard) -> Response[bytes]:
        """Atom 1.0: the newest public postings matching the filters of GET /v1/postings
        (``q`` included). Sends ETag and Last-Modified; a conditional GET may answer 304."""
        response: Response[bytes] = await _feed(request, jobboard, "atom")
        return response

    @get(
        "/feed.rss",
        operation_id="getRssFeed",
        summary="The newest public postings as an RSS feed",
        media_type=RSS,
        responses=PUBLIC_READ,
        operation_class=FeedOperation,
    )
    async def rss(self, request: Request[Any, Any, Any], jobboard: Jobboard) -> Response[bytes]:
        """RSS 2.0: the newest public postings matching the filters of GET /v1/postings
        (``q`` included). Sends ETag and Last-Modified; a conditional GET may answer 304."""
        response: Response[bytes] = await _feed(request, jobboard, "rss")
        return response


class SitemapController(Controller):
    path = "/"
    tags = ["public"]

    @get(
        "/sitemap.xml",
        operation_id="getSitemap",
        operation_class=BoardOperation,
        summary="Every public posting's page, for crawlers",
        media_type=XML,
        responses=PUBLIC_ONE,
    )
    async def sitemap(
        self,
        request: Request[Any, Any, Any],
        jobboard: Jobboard,
        page: Annotated[
            int | None,
            Parameter(description="a page of a sitemap index (the index names them)", ge=1),
        ] = None,
    ) -> Response[bytes]:
        """A sitemaps.org urlset of every public posting's page with its last change; past
        50,000 postings, a sitemap index naming ``?page=N`` urlsets instead."""
        links = PublicLinks.from_settings(request.app.state.container.settings())
        found = await jobboard.queries.get_sitemap(GetSitemap(page))
        if isinstance(found, SitemapIndex):
            sitemap_url = links.base_url + request.url.path
            body = sitemap_index(found, lambda n: f"{sitemap_url}?page={n}")
            newest = None
        else:
            body = urlset(found, lambda entry: links.posting(entry.posting_id))
            newest = last_modified(found)
        return conditional(request, body, XML, newest)
