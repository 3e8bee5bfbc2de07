"""Applications made on the board: candidates apply (public, no key) and withdraw with the
token they were given; the posting's employer reads, downloads and moves them.

A candidate applies with ``multipart/form-data`` (the résumé a file part named ``resume``)
or with JSON (the résumé as ``resume_text``)."""

from __future__ import annotations

import json
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT
from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

from adapters.http.dependencies import (
    EmployerCompany,
    Jobboard,
    bearer_token,
    provide_company_id,
    provide_principal,
)
from adapters.http.openapi_operations import BEARER_SECURITY, BoardOperation, WriteOperation
from adapters.http.problem_docs import EMPLOYER_ONE, EMPLOYER_WRITE, problem_responses
from adapters.http.problems import Problem
from adapters.http.rendering import plain
from adapters.http.schemas import Body
from application.commands.job_applications import (
    MoveApplication,
    SubmitApplication,
    WithdrawApplication,
)
from application.job_application_views import JobApplicationView
from application.queries.job_applications import (
    GetApplicationResume,
    GetJobApplication,
    ListPostingApplications,
)
from domain.ids import JobApplicationId, PostingId
from domain.resume import MAX_RESUME_BYTES
from domain.screening import MAX_QUESTIONS

AnyRequest = Request[Any, Any, Any]
# The résumé and the form around it; the rest of the API keeps max_body_bytes.
MAX_APPLICATION_BODY = MAX_RESUME_BYTES + 1024 * 1024
FORM_CONTENT_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "txt",
}


class ApplicationBody(BaseModel):
    """What a candidate sends besides a résumé file. ``consent_to_retention`` must be true:
    the board keeps an application for JOBBOARD_APPLICATION_RETENTION_DAYS days."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=1, max_length=200)]
    email: Annotated[str, Field(min_length=1, max_length=254)]
    phone: Annotated[str, Field(max_length=32)] | None = None
    cover_note: Annotated[str, Field(max_length=10_000)] = ""
    resume_text: Annotated[str, Field(max_length=50_000)] | None = None
    consent_to_retention: bool
    # By question id: text and single_choice a string, yes_no a boolean, multi_choice a
    # list of strings. In a form, one field ``answers`` holding that JSON object. Only the
    # shape is read here: the posting's questions judge each answer's kind (all at once).
    answers: Annotated[
        dict[Annotated[str, Field(max_length=40)], JsonValue], Field(max_length=MAX_QUESTIONS)
    ] = {}

    def answer_values(self) -> dict[str, Any]:
        return {k: tuple(v) if isinstance(v, list) else v for k, v in self.answers.items()}


class StatusBody(Body):
    """Where the application goes next in the employer's review."""

    status: Annotated[str, Field(max_length=16)]


def _invalid(error: ValidationError) -> Problem:
    errors = [
        {
            "field": ".".join(str(p) for p in e["loc"]) or "body",
            "pointer": "".join(f"/{p}" for p in e["loc"]),
            "message": e["msg"],
        }
        for e in error.errors()
    ]
    fields = ", ".join(e["field"] for e in errors)
    return Problem("validation-failed", f"invalid fields: {fields}", errors)


def _form_answers(text: str) -> Any:
    """A form's ``answers`` field: a JSON object, read so that the body model checks it."""
    try:
        return json.loads(text) if text.strip() else {}
    except ValueError:
        raise Problem(
            "validation-failed",
            "answers must be a JSON object of the answers by question id",
            [{"field": "answers", "pointer": "/answers", "message": "not a JSON object"}],
        ) from None


async def _submission(request: AnyRequest) -> tuple[ApplicationBody, bytes | None, str | None]:
    """The application's fields, and the résumé file's bytes and declared type (if any)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    resume: bytes | None = None
    declared: str | None = None
    if media_type in FORM_CONTENT_TYPES:
        try:
            form = await request.form()
        except (LookupError, UnicodeError):  # a part naming a charset Python cannot read
            raise Problem(
                "malformed-request", "a part of the form is in an unknown or broken charset"
            ) from None
        fields: dict[str, Any] = {}
        for key, value in form.multi_items():
            if key == "resume" and isinstance(value, UploadFile):
                resume, declared = await value.read(), value.content_type
            elif isinstance(value, UploadFile):
                raise Problem(
                    "validation-failed",
                    f"{key} is not a file field",
                    [{"field": key, "message": "only resume may be a file"}],
                )
            elif key in fields:
                raise Problem(
                    "validation-failed", f"{key} is given twice", [{"field": key, "message": ""}]
                )
            else:
                fields[key] = value
        if isinstance(fields.get("answers"), str):
            fields["answers"] = _form_answers(fields["answers"])
        try:
            return ApplicationBody.model_validate(fields), resume, declared
        except ValidationError as error:
            raise _invalid(error) from None
    if media_type == "application/json":
        try:
            return ApplicationBody.model_validate_json(await request.body()), None, None
        except ValidationError as error:
            raise _invalid(error) from None
    raise Problem(
        "unsupported-media-type",
        "send multipart/form-data (with a resume file) or application/json (resume_text)",
    )


class CandidateApplicationController(Controller):
    path = "/v1"
    tags = ["candidates"]

    @post(
        "/postings/{posting_id:uuid}/applications",
        status_code=HTTP_201_CREATED,
        operation_id="submitApplication",
        operation_class=WriteOperation,
        summary="Apply to a posting",
        request_max_body_size=MAX_APPLICATION_BODY,
        responses=problem_responses(400, 404, 409, 413, 415, 422, 429, 503),
    )
    async def apply(
        self, request: AnyRequest, posting_id: FromPath[UUID], jobboard: Jobboard
    ) -> Response[dict[str, Any]]:
        """Apply to a public posting whose `application_method` is `board`: `name`, `email`,
        `phone`?, `cover_note`?, a résumé (a `resume` file part: PDF, DOCX or plain text, at
        most 5 MB, its type read from its bytes) or `resume_text`, and
        `consent_to_retention: true`. One application per email address and posting. The
        answer's `withdraw_token` is shown once: `DELETE /v1/applications/{id}` with it."""
        body, resume, declared = await _submission(request)
        submitted = await jobboard.commands.submit_application(
            SubmitApplication(
                PostingId(posting_id),
                name=body.name,
                email=body.email,
                consent_to_retention=body.consent_to_retention,
                phone=body.phone,
                cover_note=body.cover_note,
                resume=resume,
                resume_declared_type=declared,
                resume_text=body.resume_text,
                answers=body.answer_values(),
            )
        )
        return Response(
            {
                "id": str(submitted.application_id),
                "posting_id": str(posting_id),
                "status": "new",
                "withdraw_token": submitted.withdraw_token,
                "retention_days": submitted.retention_days,
            },
            status_code=HTTP_201_CREATED,
        )

    @delete(
        "/applications/{application_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        operation_id="withdrawApplication",
        operation_class=WriteOperation,
        summary="Withdraw an application",
        responses=problem_responses(400, 404, 429, 503),
    )
    async def withdraw(
        self, request: AnyRequest, application_id: FromPath[UUID], jobboard: Jobboard
    ) -> None:
        """Send `Authorization: Bearer <withdraw_token>`: the application and its résumé are
        erased. A wrong token answers 404, as an unknown id does."""
        await jobboard.commands.withdraw_application(
            WithdrawApplication(JobApplicationId(application_id), bearer_token(request))
        )


class EmployerApplicationController(Controller):
    path = "/v1/employer"
    security = BEARER_SECURITY
    tags = ["employer"]
    dependencies = {
        "principal": Provide(provide_principal),
        "company_id": Provide(provide_company_id),
    }

    @get(
        "/postings/{posting_id:uuid}/applications",
        operation_id="listApplications",
        operation_class=BoardOperation,
        summary="Applications to your posting",
        responses=EMPLOYER_ONE,
    )
    async def list_applications(
        self,
        posting_id: FromPath[UUID],
        jobboard: Jobboard,
        company_id: EmployerCompany,
        cursor: FromQuery[str | None] = None,
        limit: Annotated[int, Parameter(ge=1, le=100)] = 20,
    ) -> Response[dict[str, Any]]:
        """Newest first, `limit` a page (1-100, default 20); `next_cursor` for the next."""
        page = await jobboard.queries.list_posting_applications(
            ListPostingApplications(company_id, PostingId(posting_id), cursor, limit)
        )
        return Response({"items": plain(page.items), "next_cursor": page.next_cursor})

    @get(
        "/applications/{application_id:uuid}",
        operation_id="getApplication",
        operation_class=BoardOperation,
        summary="One application to your postings",
        responses=EMPLOYER_ONE,
    )
    async def get_application(
        self, application_id: FromPath[UUID], jobboard: Jobboard, company_id: EmployerCompany
    ) -> Response[JobApplicationView]:
        """One application to one of your postings, without its résumé file; 404 when it
        is not to one of yours."""
        view = await jobboard.queries.get_job_application(
            GetJobApplication(company_id, JobApplicationId(application_id))
        )
        return Response(plain(view))

    @get(
        "/applications/{application_id:uuid}/resume",
        operation_id="getApplicationResume",
        operation_class=BoardOperation,
        summary="An application's résumé file",
        responses=EMPLOYER_ONE,
        media_type="application/octet-stream",
    )
    async def get_resume(
        self, application_id: FromPath[UUID], jobboard: Jobboard, company_id: EmployerCompany
    ) -> Response[bytes]:
        """The file as uploaded, with the content type its bytes showed (404 when the
        application has only `resume_text`)."""
        resume = await jobboard.queries.get_application_resume(
            GetApplicationResume(company_id, JobApplicationId(application_id))
        )
        name = f"resume-{application_id}.{EXTENSIONS.get(resume.content_type, 'bin')}"
        return Response(
            resume.data,
            media_type=resume.content_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @post(
        "/applications/{application_id:uuid}/status",
        status_code=200,
        operation_id="moveApplication",
        operation_class=WriteOperation,
        summary="Move an application along your review",
        responses=EMPLOYER_WRITE,
    )
    async def move_application(
        self,
        application_id: FromPath[UUID],
        data: JSONBody[StatusBody],
        jobboard: Jobboard,
        company_id: EmployerCompany,
    ) -> Response[JobApplicationView]:
        """`{"status"}`: `new` -> `reviewed` -> `shortlisted` or `rejected`; another move is
        409."""
        view = await jobboard.commands.move_application(
            MoveApplication(company_id, JobApplicationId(application_id), data.status)
        )
        return Response(plain(view))
