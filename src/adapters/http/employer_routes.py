"""Employer routes: a company signs up, then manages its profile and postings with its key."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.di import Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from adapters.http.answer_types import ImportedDraft, IssuedKey, SignedUp
from adapters.http.dependencies import (
    EmployerCompany,
    Idempotency,
    Jobboard,
    provide_company_id,
    provide_principal,
)
from adapters.http.etags import etag, expected_version, if_match
from adapters.http.idempotency import idempotent
from adapters.http.openapi_operations import (
    BEARER_SECURITY,
    ETAG,
    LOCATION,
    BoardOperation,
    CreateOperation,
    GuardedWriteOperation,
    ImportOperation,
    PublishOperation,
    RevisionOperation,
    WriteOperation,
)
from adapters.http.pasted_text import pasted_text
from adapters.http.problem_docs import (
    EMPLOYER_IMPORT,
    EMPLOYER_LIFECYCLE,
    EMPLOYER_ONE,
    EMPLOYER_READ,
    EMPLOYER_REVISE,
    EMPLOYER_WRITE,
    SIGNUP,
)
from adapters.http.rendering import plain
from adapters.http.schemas import (
    CompanyPatch,
    CompanySignup,
    PostingBody,
    PostingPatchBody,
    PublishBody,
)
from application.commands.api_keys import IssueEmployerKey, RevokeEmployerKey
from application.commands.draft_posting import DraftPosting
from application.commands.import_posting_text import ImportPostingText
from application.commands.posting_input import UNSET
from application.commands.posting_lifecycle import ClosePosting, PublishPosting
from application.commands.register_company import RegisterCompany
from application.commands.revise_posting import RevisePosting
from application.commands.update_company_profile import UpdateCompanyProfile
from application.queries.employer_views import GetOwnCompany, GetOwnPosting, ListOwnPostings
from application.views import CompanyView, OwnPostingView
from domain.ids import ApiKeyId, PostingId

AnyRequest = Request[Any, Any, Any]


class SignupController(Controller):
    path = "/v1/companies"
    tags = ["employer"]

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Sign a company up",
        operation_id="signUpCompany",
        operation_class=CreateOperation,
        responses=SIGNUP,
    )
    async def sign_up(
        self,
        request: AnyRequest,
        data: JSONBody[CompanySignup],
        jobboard: Jobboard,
        idempotency: Idempotency,
    ) -> Response[SignedUp]:
        """Register a company (pending until verified). The API key in the answer is shown
        once: a replay of the same Idempotency-Key answers the company with ``api_key`` null."""

        async def create() -> Response[Any]:
            registered = await jobboard.commands.register_company(
                RegisterCompany(data.name, data.country, data.website, data.description)
            )
            company = await jobboard.queries.get_own_company(GetOwnCompany(registered.company_id))
            body = {
                "company": plain(company),
                "api_key": registered.api_key,
                "api_key_id": str(registered.api_key_id),
            }
            return Response(body, status_code=HTTP_201_CREATED)

        # Callers have no identity yet: scope the key to their address, so a guessed key
        # cannot replay someone else's sign-up (and its API key).
        client = request.client.host if request.client else "unknown"
        return await idempotent(
            request, idempotency, f"signup:{client}", create, secrets=("api_key",)
        )


async def _posting_response(
    jobboard: Jobboard, company_id: EmployerCompany, posting_id: PostingId, status_code: int = 200
) -> Response[Any]:
    view = await jobboard.queries.get_own_posting(GetOwnPosting(company_id, posting_id))
    return _posting_answer(view, status_code)


def _posting_answer(view: OwnPostingView, status_code: int = 200) -> Response[Any]:
    """A posting as its employer sees it, with its ETag (and its address when just made)."""
    headers = {"ETag": etag(view.version)}
    if status_code == HTTP_201_CREATED:
        headers["Location"] = f"/v1/employer/postings/{view.id}"
    return Response(plain(view), status_code=status_code, headers=headers)


class EmployerController(Controller):
    path = "/v1/employer"
    tags = ["employer"]
    security = BEARER_SECURITY
    dependencies = {
        "principal": Provide(provide_principal),
        "company_id": Provide(provide_company_id),
    }

    @get(
        "/company",
        summary="Your company",
        operation_id="getOwnCompany",
        operation_class=BoardOperation,
        responses=EMPLOYER_READ,
    )
    async def get_company(
        self, jobboard: Jobboard, company_id: EmployerCompany
    ) -> Response[CompanyView]:
        """Your company's profile and status (pending, verified or suspended)."""
        return Response(plain(await jobboard.queries.get_own_company(GetOwnCompany(company_id))))

    @patch(
        "/company",
        summary="Update your company's profile",
        operation_id="updateOwnCompany",
        operation_class=WriteOperation,
        responses=EMPLOYER_WRITE,
    )
    async def update_company(
        self, data: JSONBody[CompanyPatch], jobboard: Jobboard, company_id: EmployerCompany
    ) -> Response[CompanyView]:
        """Change name, website, description or country; the slug (the public URL) stays."""
        given = data.model_fields_set

        def pick(name: str) -> Any:
            value = getattr(data, name)
            return UNSET if name not in given or (value is None and name != "website") else value

        await jobboard.commands.update_company_profile(
            UpdateCompanyProfile(
                company_id,
                name=pick("name"),
                website=pick("website"),
                description=pick("description"),
                country=pick("country"),
            )
        )
        return Response(plain(await jobboard.queries.get_own_company(GetOwnCompany(company_id))))

    @post(
        "/postings",
        status_code=HTTP_201_CREATED,
        summary="Draft a posting",
        operation_id="draftPosting",
        operation_class=CreateOperation,
        response_headers=[ETAG, LOCATION],
        responses=EMPLOYER_WRITE,
    )
    async def draft_posting(
        self,
        request: AnyRequest,
        data: JSONBody[PostingBody],
        jobboard: Jobboard,
        company_id: EmployerCompany,
        idempotency: Idempotency,
    ) -> Response[OwnPostingView]:
        """Write a new posting as a draft. Requirement names the catalogue does not know are
        proposed to it. Honours Idempotency-Key."""

        async def create() -> Response[Any]:
            posting_id = await jobboard.commands.draft_posting(
                DraftPosting(company_id, data.to_fields())
            )
            return await _posting_response(jobboard, company_id, posting_id, HTTP_201_CREATED)

        return await idempotent(request, idempotency, f"company:{company_id}", create)

    @post(
        "/postings/import",
        status_code=HTTP_201_CREATED,
        summary="Draft from a pasted ad",
        operation_id="importPosting",
        operation_class=ImportOperation,
        response_headers=[ETAG, LOCATION],
        responses=EMPLOYER_IMPORT,
    )
    async def import_posting(
        self,
        request: AnyRequest,
        jobboard: Jobboard,
        company_id: EmployerCompany,
        idempotency: Idempotency,
    ) -> Response[ImportedDraft]:
        """Paste a job description (`{"text": "..."}` or `text/plain`): answers a draft built
        from it, with a `parse` report of what was recognised and what was not. Check it,
        revise it, publish it. Honours Idempotency-Key."""
        text = pasted_text(request.headers.get("content-type", ""), await request.body())

        async def create() -> Response[Any]:
            imported = await jobboard.commands.import_posting_text(
                ImportPostingText(company_id, text)
            )
            response = await _posting_response(
                jobboard, company_id, imported.posting_id, HTTP_201_CREATED
            )
            response.content = {**response.content, "parse": imported.report.as_dict()}
            return response

        return await idempotent(request, idempotency, f"company:{company_id}", create)

    @get(
        "/postings",
        summary="Your postings, every status",
        operation_id="listOwnPostings",
        operation_class=BoardOperation,
        responses=EMPLOYER_READ,
    )
    async def list_postings(
        self, jobboard: Jobboard, company_id: EmployerCompany
    ) -> Response[dict[str, list[OwnPostingView]]]:
        """Every posting of your company, drafts and closed ones included, newest first."""
        postings = await jobboard.queries.list_own_postings(ListOwnPostings(company_id))
        return Response(plain({"items": postings}))

    @get(
        "/postings/{posting_id:uuid}",
        summary="One of your postings",
        operation_id="getOwnPosting",
        operation_class=BoardOperation,
        response_headers=[ETAG],
        responses=EMPLOYER_ONE,
    )
    async def get_posting(
        self, jobboard: Jobboard, company_id: EmployerCompany, posting_id: FromPath[UUID]
    ) -> Response[OwnPostingView]:
        """One of your postings in any status, with the ETag to revise it with; 404 for a
        posting of another company."""
        return await _posting_response(jobboard, company_id, PostingId(posting_id))

    @patch(
        "/postings/{posting_id:uuid}",
        summary="Revise a posting (If-Match required)",
        operation_id="revisePosting",
        operation_class=RevisionOperation,
        response_headers=[ETAG],
        responses=EMPLOYER_REVISE,
    )
    async def revise_posting(
        self,
        request: AnyRequest,
        data: JSONBody[PostingPatchBody],
        jobboard: Jobboard,
        company_id: EmployerCompany,
        posting_id: FromPath[UUID],
    ) -> Response[OwnPostingView]:
        """Change any of a draft's or published posting's fields. Send If-Match with the ETag
        you read: a stale one answers 412, so no one overwrites a change they did not see."""
        async with if_match(expected_version(request, required=True)) as version:
            revised = await jobboard.commands.revise_posting(
                RevisePosting(company_id, PostingId(posting_id), data.to_patch(), version)
            )
        return _posting_answer(revised)

    @post(
        "/postings/{posting_id:uuid}/publish",
        status_code=200,
        summary="Publish a draft",
        operation_id="publishPosting",
        operation_class=PublishOperation,
        response_headers=[ETAG],
        responses=EMPLOYER_LIFECYCLE,
    )
    async def publish_posting(
        self,
        request: AnyRequest,
        jobboard: Jobboard,
        company_id: EmployerCompany,
        posting_id: FromPath[UUID],
        data: JSONBody[PublishBody | None] = None,
    ) -> Response[OwnPostingView]:
        """Put a draft on the public board until valid_through (default 60 days, at most 180).
        The company must be verified and not suspended. An ad nearly the same as one of the
        company's postings public in the last JOBBOARD_REPOST_WINDOW_DAYS is a repost: 409
        /problems/repost, whose earlier_posting_id names that posting (revise or reopen it
        instead)."""
        async with if_match(expected_version(request, required=False)) as version:
            published = await jobboard.commands.publish_posting(
                PublishPosting(
                    company_id, PostingId(posting_id), data.valid_through if data else None, version
                )
            )
        return _posting_answer(published)

    @post(
        "/postings/{posting_id:uuid}/close",
        status_code=200,
        summary="Close a posting",
        operation_id="closePosting",
        operation_class=GuardedWriteOperation,
        response_headers=[ETAG],
        responses=EMPLOYER_LIFECYCLE,
    )
    async def close_posting(
        self,
        request: AnyRequest,
        jobboard: Jobboard,
        company_id: EmployerCompany,
        posting_id: FromPath[UUID],
    ) -> Response[OwnPostingView]:
        """Take a published posting off the board: the job is filled or withdrawn."""
        async with if_match(expected_version(request, required=False)) as version:
            closed = await jobboard.commands.close_posting(
                ClosePosting(company_id, PostingId(posting_id), version)
            )
        return _posting_answer(closed)

    @post(
        "/api-keys",
        status_code=HTTP_201_CREATED,
        summary="Issue another API key",
        operation_id="issueApiKey",
        operation_class=WriteOperation,
        responses=EMPLOYER_WRITE,
    )
    async def issue_key(
        self, jobboard: Jobboard, company_id: EmployerCompany
    ) -> Response[IssuedKey]:
        """A new key for your company (to rotate keys); shown once."""
        issued = await jobboard.commands.issue_employer_key(IssueEmployerKey(company_id))
        return Response(IssuedKey(str(issued.key_id), issued.api_key), status_code=HTTP_201_CREATED)

    @delete(
        "/api-keys/{key_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Revoke a key",
        operation_id="revokeApiKey",
        operation_class=WriteOperation,
        responses=EMPLOYER_WRITE,
    )
    async def revoke_key(
        self, jobboard: Jobboard, company_id: EmployerCompany, key_id: FromPath[UUID]
    ) -> None:
        """Revoke one of your company's keys: it is refused (401) from now on."""
        await jobboard.commands.revoke_employer_key(RevokeEmployerKey(company_id, ApiKeyId(key_id)))
