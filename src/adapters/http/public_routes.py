"""Candidate routes: no key needed, read models only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get
from litestar.params import FromPath, FromQuery, Parameter

from adapters.http.dependencies import Jobboard
from adapters.http.rendering import plain
from application.queries.public_postings import (
    GetPublicPosting,
    ListPublicPostings,
    PostingFilters,
)
from application.queries.views import PostingDetail, PostingSummary


@dataclass(frozen=True)
class PostingPage:
    items: list[PostingSummary]
    next_cursor: str | None


class PublicController(Controller):
    path = "/v1"
    tags = ["public"]

    @get("/postings", summary="Search public postings")
    async def list_postings(
        self,
        jobboard: Jobboard,
        country: Annotated[
            list[str] | None, Parameter(description="ISO alpha-2, repeatable")
        ] = None,
        city: FromQuery[str | None] = None,
        language: Annotated[str | None, Parameter(description="ISO 639-1")] = None,
        workplace: FromQuery[list[str] | None] = None,
        employment_type: FromQuery[list[str] | None] = None,
        seniority: FromQuery[str | None] = None,
        company: Annotated[str | None, Parameter(description="company slug")] = None,
        requirement: Annotated[list[str] | None, Parameter(description="canonical name")] = None,
        posted_within_days: FromQuery[int | None] = None,
        limit: FromQuery[int] = 20,
        cursor: FromQuery[str | None] = None,
    ) -> Response[PostingPage]:
        """Public postings, newest first, one page at a time (follow ``next_cursor``)."""
        page = await jobboard.queries.list_public_postings(
            ListPublicPostings(
                PostingFilters(
                    countries=tuple(country or ()),
                    city=city,
                    language=language,
                    workplaces=tuple(workplace or ()),
                    employment_types=tuple(employment_type or ()),
                    seniority=seniority,
                    company=company,
                    requirements=tuple(requirement or ()),
                    posted_within_days=posted_within_days,
                ),
                limit=limit,
                cursor=cursor,
            )
        )
        return Response(plain({"items": page.items, "next_cursor": page.next_cursor}))

    @get("/postings/{posting_id:uuid}", summary="One public posting")
    async def get_posting(
        self, jobboard: Jobboard, posting_id: FromPath[UUID]
    ) -> Response[PostingDetail]:
        """A published posting in full; 404 when absent or not public."""
        detail = await jobboard.queries.get_public_posting(GetPublicPosting(posting_id))
        return Response(plain(detail))
