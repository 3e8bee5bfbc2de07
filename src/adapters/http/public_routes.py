"""Candidate routes: no key needed, read models only."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, cast
from uuid import UUID

from litestar import Controller, MediaType, Request, Response, get
from litestar.params import FromPath, FromQuery, Parameter

from adapters.http.dependencies import Jobboard
from adapters.http.json_ld import job_posting
from adapters.http.ld_json_body import ld_json
from adapters.http.problem_docs import PUBLIC_ONE, PUBLIC_READ
from adapters.http.public_links import PublicLinks
from adapters.http.rendering import encoded, plain
from application.queries.board_directory import (
    CountryCount,
    GetPublicCompany,
    LanguageCount,
    ListCountries,
    ListLanguages,
    ListRequirements,
    PublicCompanyView,
    RequirementCount,
)
from application.queries.public_postings import (
    FacetCount,
    GetPublicPosting,
    ListPublicPostings,
    PostingFilters,
    SearchResult,
)
from application.views import PostingDetail, PostingSummary


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


# A repeatable filter takes at most this many values (a 5,000-country filter is abuse).
MAX_REPEATS = 50


def search_query(
    *,
    q: str | None = None,
    country: list[str] | None = None,
    city: str | None = None,
    language: str | None = None,
    workplace: list[str] | None = None,
    employment_type: list[str] | None = None,
    seniority: str | None = None,
    company: str | None = None,
    requirement: list[str] | None = None,
    salary_min: Decimal | None = None,
    currency: str | None = None,
    posted_within_days: int | None = None,
    sort: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
    facets: str | None = None,
) -> ListPublicPostings:
    """The search a request's query parameters ask for (the route and the hot path share it)."""
    return ListPublicPostings(
        PostingFilters(
            q=q,
            countries=tuple(country or ()),
            city=city,
            language=language,
            workplaces=tuple(workplace or ()),
            employment_types=tuple(employment_type or ()),
            seniority=seniority,
            company=company,
            requirements=tuple(requirement or ()),
            salary_min=salary_min,
            currency=currency,
            posted_within_days=posted_within_days,
        ),
        sort=sort,
        limit=limit,
        cursor=cursor,
        facets=tuple(f for f in (facets or "").split(",") if f.strip()),
    )


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


class PublicController(Controller):
    path = "/v1"
    tags = ["public"]

    @get("/postings", summary="Search public postings", responses=PUBLIC_READ)
    async def list_postings(
        self,
        jobboard: Jobboard,
        q: Annotated[
            str | None, Parameter(description='search text, web-search syntax: "a b", -c, or')
        ] = None,
        country: Annotated[
            list[str] | None,
            Parameter(description="ISO alpha-2, repeatable", max_items=MAX_REPEATS),
        ] = None,
        city: FromQuery[str | None] = None,
        language: Annotated[str | None, Parameter(description="ISO 639-1")] = None,
        workplace: Annotated[list[str] | None, Parameter(max_items=MAX_REPEATS)] = None,
        employment_type: Annotated[list[str] | None, Parameter(max_items=MAX_REPEATS)] = None,
        seniority: FromQuery[str | None] = None,
        company: Annotated[str | None, Parameter(description="company slug")] = None,
        requirement: Annotated[
            list[str] | None, Parameter(description="canonical name", max_items=MAX_REPEATS)
        ] = None,
        salary_min: Annotated[
            Decimal | None,
            Parameter(description="postings paying at least this per year, in `currency`"),
        ] = None,
        currency: Annotated[str | None, Parameter(description="ISO 4217, with salary_min")] = None,
        posted_within_days: FromQuery[int | None] = None,
        sort: Annotated[
            str | None, Parameter(description="relevance (default with q) or newest")
        ] = None,
        limit: FromQuery[int] = 20,
        cursor: FromQuery[str | None] = None,
        facets: Annotated[
            str | None,
            Parameter(
                description="comma list of country, language, workplace, employment_type, "
                "requirement, company"
            ),
        ] = None,
    ) -> Response[PostingPage]:
        """Public postings matching the filters, a page at a time (follow ``next_cursor``).
        Facet counts are disjunctive: a group's counts ignore that group's own filter."""
        query = search_query(
            q=q,
            country=country,
            city=city,
            language=language,
            workplace=workplace,
            employment_type=employment_type,
            seniority=seniority,
            company=company,
            requirement=requirement,
            salary_min=salary_min,
            currency=currency,
            posted_within_days=posted_within_days,
            sort=sort,
            limit=limit,
            cursor=cursor,
            facets=facets,
        )
        result = await jobboard.queries.list_public_postings(query)
        # Encoded in one pass (see hot_search), documented as PostingPage.
        return Response(cast(PostingPage, page_body(result)), media_type=MediaType.JSON)

    @get("/postings/{posting_id:uuid}", summary="One public posting", responses=PUBLIC_ONE)
    async def get_posting(
        self, jobboard: Jobboard, posting_id: FromPath[UUID]
    ) -> Response[PostingDetail]:
        """A published posting in full; 404 when absent or not public."""
        detail = await jobboard.queries.get_public_posting(GetPublicPosting(posting_id))
        return Response(plain(detail))

    @get(
        "/postings/{posting_id:uuid}/json-ld",
        summary="One public posting as schema.org JobPosting",
        media_type="application/ld+json",
        responses=PUBLIC_ONE,
    )
    async def get_posting_json_ld(
        self, request: Request[Any, Any, Any], jobboard: Jobboard, posting_id: FromPath[UUID]
    ) -> Response[dict[str, Any]]:
        """The posting as JSON-LD, for Google for Jobs and aggregators."""
        detail = await jobboard.queries.get_public_posting(GetPublicPosting(posting_id))
        # The people's page, from configuration: never from the forgeable Host header.
        links = PublicLinks.from_settings(request.app.state.container.settings())
        document = job_posting(detail, links.posting(posting_id))
        # Escaped for a <script> element; documented as the JSON object it is.
        body = cast(dict[str, Any], ld_json(document))
        return Response(body, media_type="application/ld+json")

    @get("/companies/{slug:str}", summary="A company's public page", responses=PUBLIC_ONE)
    async def get_company(
        self, jobboard: Jobboard, slug: FromPath[str]
    ) -> Response[PublicCompanyView]:
        """A verified company's profile and how many postings it has open; 404 otherwise."""
        return Response(plain(await jobboard.queries.get_public_company(GetPublicCompany(slug))))

    @get("/countries", summary="Countries with public postings", responses=PUBLIC_READ)
    async def list_countries(
        self,
        jobboard: Jobboard,
        language: Annotated[
            str | None, Parameter(description="only countries with postings in this language")
        ] = None,
    ) -> Response[list[CountryCount]]:
        """Countries that have public postings, most first; with ``language``, only the
        countries that have postings written in it."""
        return Response(plain(await jobboard.queries.list_countries(ListCountries(language))))

    @get("/languages", summary="Languages of public postings", responses=PUBLIC_READ)
    async def list_languages(self, jobboard: Jobboard) -> Response[list[LanguageCount]]:
        return Response(plain(await jobboard.queries.list_languages(ListLanguages())))

    @get(
        "/requirements",
        summary="The requirement catalogue, with public counts",
        responses=PUBLIC_READ,
    )
    async def list_requirements(
        self,
        jobboard: Jobboard,
        prefix: Annotated[
            str | None, Parameter(description="name or alias starts with (any case)")
        ] = None,
        kind: Annotated[
            str | None,
            Parameter(description="skill, language, certification, degree or experience"),
        ] = None,
        limit: FromQuery[int] = 50,
    ) -> Response[list[RequirementCount]]:
        """Catalogue entries for filters and autocomplete, most asked-for first."""
        entries = await jobboard.queries.list_requirements(ListRequirements(prefix, kind, limit))
        return Response(plain(entries))
