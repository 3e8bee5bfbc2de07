"""Candidate routes: no key needed, read models only."""

from __future__ import annotations

from typing import Annotated, Any, cast
from uuid import UUID

from litestar import Controller, MediaType, Request, Response, get
from litestar.params import FromPath, Parameter

from adapters.http.answer_types import JobPosting
from adapters.http.dependencies import Jobboard
from adapters.http.json_ld import job_posting
from adapters.http.ld_json_body import ld_json
from adapters.http.openapi_operations import BoardOperation
from adapters.http.problem_docs import PUBLIC_ONE, PUBLIC_READ
from adapters.http.public_links import PublicLinks
from adapters.http.rendering import plain
from adapters.http.search_page import PostingPage, page_body
from adapters.http.search_parameters import SearchOperation, search_from_query
from application.queries.board_directory import (
    MAX_CATALOGUE_PAGE,
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
    GetPublicPosting,
)
from application.views import PostingDetail


class PublicController(Controller):
    path = "/v1"
    tags = ["public"]

    @get(
        "/postings",
        summary="Search public postings",
        operation_id="searchPostings",
        responses=PUBLIC_READ,
        operation_class=SearchOperation,
    )
    async def list_postings(
        self, request: Request[Any, Any, Any], jobboard: Jobboard
    ) -> Response[PostingPage]:
        """Public postings matching the filters, a page at a time (follow ``next_cursor``).
        Facet counts are disjunctive: a group's counts ignore that group's own filter."""
        search = search_from_query(request.query_params.multi_items())
        result = await jobboard.queries.list_public_postings(search)
        # Joined from the summaries the read model keeps encoded (see search_page).
        return Response(cast(PostingPage, page_body(result)), media_type=MediaType.JSON)

    @get(
        "/postings/{posting_id:uuid}",
        summary="One public posting",
        operation_id="getPosting",
        operation_class=BoardOperation,
        responses=PUBLIC_ONE,
    )
    async def get_posting(
        self, jobboard: Jobboard, posting_id: FromPath[UUID]
    ) -> Response[PostingDetail]:
        """A published posting in full; 404 when absent or not public."""
        detail = await jobboard.queries.get_public_posting(GetPublicPosting(posting_id))
        return Response(plain(detail))

    @get(
        "/postings/{posting_id:uuid}/json-ld",
        summary="One public posting as schema.org JobPosting",
        operation_id="getPostingJsonLd",
        operation_class=BoardOperation,
        media_type="application/ld+json",
        responses=PUBLIC_ONE,
    )
    async def get_posting_json_ld(
        self, request: Request[Any, Any, Any], jobboard: Jobboard, posting_id: FromPath[UUID]
    ) -> Response[JobPosting]:
        """The posting as JSON-LD, for Google for Jobs and aggregators."""
        detail = await jobboard.queries.get_public_posting(GetPublicPosting(posting_id))
        # The people's page, from configuration: never from the forgeable Host header.
        links = PublicLinks.from_settings(request.app.state.container.settings())
        document = job_posting(detail, links.posting(posting_id))
        # Escaped for a <script> element; documented as the JSON object it is.
        body = cast(JobPosting, ld_json(document))
        return Response(body, media_type="application/ld+json")

    @get(
        "/companies/{slug:str}",
        summary="A company's public page",
        operation_id="getCompanyProfile",
        operation_class=BoardOperation,
        responses=PUBLIC_ONE,
    )
    async def get_company(
        self, jobboard: Jobboard, slug: FromPath[str]
    ) -> Response[PublicCompanyView]:
        """A verified company's profile and how many postings it has open; 404 otherwise."""
        return Response(plain(await jobboard.queries.get_public_company(GetPublicCompany(slug))))

    @get(
        "/countries",
        summary="Countries with public postings",
        operation_id="listCountries",
        operation_class=BoardOperation,
        responses=PUBLIC_READ,
    )
    async def list_countries(
        self,
        jobboard: Jobboard,
        language: Annotated[
            str | None,
            Parameter(description="only countries with postings in this language (ISO 639-1)"),
        ] = None,
    ) -> Response[list[CountryCount]]:
        """Countries that have public postings, most first; with ``language``, only the
        countries that have postings written in it."""
        return Response(plain(await jobboard.queries.list_countries(ListCountries(language))))

    @get(
        "/languages",
        summary="Languages of public postings",
        operation_id="listLanguages",
        operation_class=BoardOperation,
        responses=PUBLIC_READ,
    )
    async def list_languages(self, jobboard: Jobboard) -> Response[list[LanguageCount]]:
        """The languages public postings are written in, with how many postings each."""
        return Response(plain(await jobboard.queries.list_languages(ListLanguages())))

    @get(
        "/requirements",
        summary="The requirement catalogue, with public counts",
        operation_id="listRequirements",
        operation_class=BoardOperation,
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
        limit: Annotated[
            int, Parameter(description="entries at most", ge=1, le=MAX_CATALOGUE_PAGE)
        ] = 50,
    ) -> Response[list[RequirementCount]]:
        """Catalogue entries for filters and autocomplete, most asked-for first."""
        entries = await jobboard.queries.list_requirements(ListRequirements(prefix, kind, limit))
        return Response(plain(entries))
