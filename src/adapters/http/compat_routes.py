"""A company's public postings in the shapes of the Greenhouse Job Board API and the Lever
Postings API, so job-board widgets and scrapers written for them work unchanged."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, Parameter

from adapters.http.compat import greenhouse, lever
from adapters.http.dependencies import Jobboard
from adapters.http.openapi_operations import BoardOperation
from adapters.http.problem_docs import PUBLIC_ONE
from adapters.http.public_links import PublicLinks
from application.errors import InvalidParameter
from application.queries.company_board import CompanyBoard, GetCompanyBoard
from domain.errors import NotFound


def _links(request: Request[Any, Any, Any]) -> PublicLinks:
    return PublicLinks.from_settings(request.app.state.container.settings())


async def _board(jobboard: Jobboard, slug: str) -> CompanyBoard:
    return await jobboard.queries.get_company_board(GetCompanyBoard(slug))


class GreenhouseController(Controller):
    path = "/compat/greenhouse/v1/boards/{slug:str}"
    tags = ["compatible"]

    @get(
        "/jobs",
        operation_id="greenhouseListJobs",
        operation_class=BoardOperation,
        summary="Greenhouse: a company's jobs",
        responses=PUBLIC_ONE,
    )
    async def jobs(
        self,
        request: Request[Any, Any, Any],
        jobboard: Jobboard,
        slug: FromPath[str],
        content: Annotated[
            bool, Parameter(description="add content, departments and offices")
        ] = False,
    ) -> Response[dict[str, Any]]:
        """The company's public postings as Greenhouse's Job Board API lists jobs."""
        board = await _board(jobboard, slug)
        return Response(greenhouse.jobs(board, _links(request), content))

    @get(
        "/jobs/{job_id:uuid}",
        operation_id="greenhouseGetJob",
        operation_class=BoardOperation,
        summary="Greenhouse: one job",
        responses=PUBLIC_ONE,
    )
    async def job(
        self,
        request: Request[Any, Any, Any],
        jobboard: Jobboard,
        slug: FromPath[str],
        job_id: FromPath[UUID],
        questions: Annotated[bool, Parameter(description="add the application questions")] = False,
        pay_transparency: Annotated[bool, Parameter(description="add pay_input_ranges")] = False,
    ) -> Response[dict[str, Any]]:
        """One of the company's public postings as Greenhouse's Job Board API shows a job."""
        board = await _board(jobboard, slug)
        found = next((p for p in board.postings if p.posting.id == job_id), None)
        if found is None:
            raise NotFound(f"no public job {job_id} at {slug!r}")
        return Response(greenhouse.one_job(found, _links(request), questions, pay_transparency))

    @get(
        "/departments",
        operation_id="greenhouseDepartments",
        operation_class=BoardOperation,
        summary="Greenhouse: departments with their jobs",
        responses=PUBLIC_ONE,
    )
    async def departments(
        self, request: Request[Any, Any, Any], jobboard: Jobboard, slug: FromPath[str]
    ) -> Response[dict[str, Any]]:
        """Greenhouse's departments: every job is in "No Department" (id 0)."""
        board = await _board(jobboard, slug)
        return Response(greenhouse.departments(board, _links(request)))

    @get(
        "/offices",
        operation_id="greenhouseOffices",
        operation_class=BoardOperation,
        summary="Greenhouse: offices with their jobs",
        responses=PUBLIC_ONE,
    )
    async def offices(
        self, request: Request[Any, Any, Any], jobboard: Jobboard, slug: FromPath[str]
    ) -> Response[dict[str, Any]]:
        """Greenhouse's offices: one per place the company's jobs are in (or open to)."""
        board = await _board(jobboard, slug)
        return Response(greenhouse.offices(board, _links(request)))


class LeverController(Controller):
    path = "/compat/lever/v0/postings"
    tags = ["compatible"]

    @get(
        "/{slug:str}",
        operation_id="leverListPostings",
        operation_class=BoardOperation,
        summary="Lever: a company's postings",
        responses=PUBLIC_ONE,
    )
    async def postings(
        self,
        request: Request[Any, Any, Any],
        jobboard: Jobboard,
        slug: FromPath[str],
        mode: Annotated[str, Parameter(description="json (the only mode served)")] = "json",
        skip: Annotated[int, Parameter(description="postings to skip", ge=0)] = 0,
        limit: Annotated[int | None, Parameter(description="postings at most", ge=1)] = None,
        location: Annotated[list[str] | None, Parameter(description="repeatable")] = None,
        commitment: Annotated[list[str] | None, Parameter(description="repeatable")] = None,
        team: Annotated[list[str] | None, Parameter(description="repeatable")] = None,
        department: Annotated[list[str] | None, Parameter(description="repeatable")] = None,
        group: Annotated[
            str | None, Parameter(description="location, commitment, team or department")
        ] = None,
    ) -> Response[list[dict[str, Any]]]:
        """The company's public postings as Lever's Postings API lists them, filtered by
        category, paged by skip and limit, or grouped by a category."""
        if mode != "json":
            raise InvalidParameter("only mode=json is served", field="mode")
        if group is not None and group not in lever.GROUPS:
            raise InvalidParameter(
                "group is one of location, commitment, team, department", field="group"
            )
        board = await _board(jobboard, slug)
        links = _links(request)
        filters = {
            name: values
            for name, values in (
                ("location", location),
                ("commitment", commitment),
                ("team", team),
                ("department", department),
            )
            if values
        }
        found = [lever.posting(p, links) for p in board.postings]
        found = [body for body in found if lever.matches(body, filters)]
        found = found[skip : None if limit is None else skip + limit]
        if group is not None:
            return Response(lever.grouped(found, group))
        return Response(found)
