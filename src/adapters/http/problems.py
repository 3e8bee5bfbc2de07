"""Every error a client can see, as RFC 9457 problem details, from ONE table.

A client never sees a stack trace: anything unexpected becomes a bare 500.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException

from application.errors import Unavailable
from domain.errors import DomainError, RepostRefused

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True, slots=True)
class ProblemKind:
    status: int
    title: str


# code -> (status, title). Domain and application errors carry their code; the
# HTTP layer's own problems use the codes below them.
PROBLEMS: dict[str, ProblemKind] = {
    "invariant-violated": ProblemKind(422, "The request breaks a rule of the board"),
    "invalid-transition": ProblemKind(409, "Not allowed in the current state"),
    "company-cannot-publish": ProblemKind(409, "The company may not publish"),
    "application-method-missing": ProblemKind(409, "The posting does not say how to apply"),
    "not-applied-on-board": ProblemKind(409, "The posting takes its applications elsewhere"),
    "resume-too-large": ProblemKind(413, "The resume is larger than the board takes"),
    "resume-type-unsupported": ProblemKind(415, "The resume is not a PDF, DOCX or text file"),
    "resume-type-mismatch": ProblemKind(422, "The resume is not of the type it declares"),
    "already-exists": ProblemKind(409, "Already exists"),
    "api-key-limit-reached": ProblemKind(409, "The company holds as many API keys as allowed"),
    "concurrent-modification": ProblemKind(409, "Changed by another request"),
    "stale-version": ProblemKind(412, "The resource has changed since you read it"),
    "not-found": ProblemKind(404, "Not found"),
    "unauthenticated": ProblemKind(401, "Authentication required"),
    "forbidden": ProblemKind(403, "Not allowed for this key"),
    "invalid-parameter": ProblemKind(400, "Invalid query parameter"),
    "resync-required": ProblemKind(410, "The sync token is too old; copy the board afresh"),
    # posting facts and screening questions (issue 20)
    "invalid-answers": ProblemKind(422, "Answers do not fit the screening questions"),
    "pay-transparency-incomplete": ProblemKind(
        409, "The posting lacks what a pay-transparency rule asks it to state"
    ),
    # the HTTP layer's own
    "validation-failed": ProblemKind(422, "The request body is invalid"),
    "malformed-request": ProblemKind(400, "The request cannot be read"),
    "precondition-required": ProblemKind(428, "If-Match is required"),
    "idempotency-key-reused": ProblemKind(422, "Idempotency-Key was used for another request"),
    "request-in-progress": ProblemKind(409, "A request with this Idempotency-Key is in progress"),
    "route-not-found": ProblemKind(404, "No such route"),
    "method-not-allowed": ProblemKind(405, "Method not allowed"),
    "payload-too-large": ProblemKind(413, "The request body is too large"),
    "unsupported-media-type": ProblemKind(415, "Unsupported media type"),
    "internal-error": ProblemKind(500, "Internal server error"),
    "not-ready": ProblemKind(503, "Service unavailable"),
    "database-unavailable": ProblemKind(503, "The database is unavailable; retry shortly"),
    "too-busy": ProblemKind(503, "The board is too busy for this request; retry shortly"),
    "rate-limited": ProblemKind(429, "Too many requests"),
    # Near-duplicates: the body names the earlier posting (earlier_posting_id).
    "repost": ProblemKind(409, "The posting repeats one of the company's recent postings"),
    # signed webhooks
    "webhooks-not-configured": ProblemKind(503, "Webhooks are not configured on this board"),
}

# Seconds a client should wait before retrying while the database is unavailable.
DATABASE_RETRY_AFTER = 2

HTTP_STATUS_CODES = {
    404: "route-not-found",
    405: "method-not-allowed",
    413: "payload-too-large",
    415: "unsupported-media-type",
}


class Problem(Exception):
    """An HTTP-level problem raised by the adapter itself."""

    def __init__(self, code: str, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.code, self.detail, self.errors = code, detail, errors


@dataclass(frozen=True, slots=True)
class ProblemAnswer:
    """A problem document with its status and headers, before any framework sends it."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str]


def problem_answer(
    code: str,
    detail: str,
    instance: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> ProblemAnswer:
    kind = PROBLEMS[code]
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    headers = dict(headers or {})
    if kind.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="jobboard"'
    return ProblemAnswer(kind.status, body, headers)


def problem_response(
    code: str,
    detail: str,
    instance: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    answer = problem_answer(code, detail, instance, errors, headers)
    return _response(answer)


def _response(answer: ProblemAnswer) -> Response[dict[str, Any]]:
    return Response(
        answer.body, status_code=answer.status, media_type=PROBLEM_JSON, headers=answer.headers
    )


def use_case_problem(error: Exception, method: str, path: str) -> ProblemAnswer:
    """The answer to an error a use case raised: a broken rule or a bad parameter (its
    code's row of the table), the database out of reach (503 with Retry-After), or
    anything else (logged; a bare 500)."""
    if isinstance(error, DomainError):
        errors = None
        if error.field:  # e.g. salary.min, at /salary/min of the body
            pointer = "/" + error.field.replace(".", "/")
            errors = [{"field": error.field, "pointer": pointer, "message": error.message}]
        if error.field_errors:  # several at once: every bad answer, every missing fact
            errors = [
                {"field": field, "pointer": "/" + field.replace(".", "/"), "message": message}
                for field, message in error.field_errors
            ]
        code = error.code
        if code not in PROBLEMS:  # a test holds every code to the table; this is a new one
            log.error("the error code %r has no problem type; answered as a broken rule", code)
            code = "invariant-violated"
        answer = problem_answer(code, error.message, path, errors)
        answer.body.update(_extension_members(error))
        return answer
    if isinstance(error, Unavailable):
        log.warning("%s on %s %s: %r", error.code, method, path, error.__cause__)
        retry = {"Retry-After": str(DATABASE_RETRY_AFTER)}
        return problem_answer(error.code, error.message, path, headers=retry)
    log.exception("unhandled error on %s %s", method, path, exc_info=error)
    return problem_answer(
        "internal-error", "the board failed to answer; the error was logged", path
    )


def _extension_members(error: DomainError) -> dict[str, Any]:
    """RFC 9457 extension members a client acts on, by error."""
    if isinstance(error, RepostRefused):  # revise or reopen that one instead
        return {"earlier_posting_id": str(error.earlier_posting_id)}
    return {}


def _use_case_error(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    return _response(use_case_problem(error, request.method, request.url.path))


def _problem(request: Request[Any, Any, Any], error: Problem) -> Response[Any]:
    return problem_response(error.code, error.detail, request.url.path, error.errors)


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    key, message = str(error.get("key", "")), str(error.get("message", ""))
    if key in ("", "data"):  # Litestar's name for the whole body
        message = "a JSON body is required" if key else message
        return {"field": "body", "pointer": "", "message": message}
    if error.get("source") == "body":
        return {"field": key, "pointer": "/" + key.replace(".", "/"), "message": message}
    return {"field": key, "message": message}


def _validation_error(request: Request[Any, Any, Any], error: ValidationException) -> Response[Any]:
    extra = error.extra if isinstance(error.extra, list) else []
    errors = [_field_error(e) for e in extra if isinstance(e, dict)]
    sources = {e.get("source") for e in extra if isinstance(e, dict)}
    if not errors:  # the body is not JSON at all, or not the JSON we expect
        return problem_response("malformed-request", str(error.detail), request.url.path)
    if sources & {"query", "path", "header", "cookie"}:
        return problem_response(
            "invalid-parameter", "some parameters are invalid", request.url.path, errors
        )
    fields = ", ".join(e["field"] for e in errors)
    return problem_response(
        "validation-failed", f"invalid fields: {fields}", request.url.path, errors
    )


def _http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    code = HTTP_STATUS_CODES.get(error.status_code)
    if code is None:
        code = "malformed-request" if 400 <= error.status_code < 500 else "internal-error"
    # Keep what the framework says alongside the status (e.g. Allow on a 405).
    return problem_response(code, str(error.detail), request.url.path, headers=error.headers)


def _undecodable(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """Raised while a body is decoded: bytes that are not UTF-8, or JSON nested deeper than
    the decoder recurses. The client's fault, so a 400, not a 500."""
    detail = (
        "the body is not valid UTF-8"
        if isinstance(error, UnicodeDecodeError)
        else "the body is nested too deeply"
    )
    return problem_response("malformed-request", detail, request.url.path)


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    DomainError: _use_case_error,
    Unavailable: _use_case_error,
    Problem: _problem,
    ValidationException: _validation_error,
    HTTPException: _http_error,
    UnicodeDecodeError: _undecodable,
    RecursionError: _undecodable,
    Exception: _use_case_error,
}
