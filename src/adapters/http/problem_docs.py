"""The problem answers each route can give, declared in the OpenAPI document.

Clients (and the schema-driven tests) read from the document which statuses a
route may answer and that they come as ``application/problem+json``. Routes
pick one of the sets below in their decorator: ``responses=EMPLOYER_WRITE``.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.openapi.datastructures import ResponseSpec

from adapters.http.problems import PROBLEM_JSON, PROBLEMS


@dataclass(frozen=True)
class FieldError:
    """One bad field: its dotted path (``requirements.1.importance``), the same as an RFC 6901
    JSON pointer into the body (``/requirements/1/importance``), and what is wrong with it."""

    field: str
    message: str
    pointer: str | None = None


@dataclass(frozen=True)
class ProblemDetails:
    """RFC 9457 problem details; ``type`` is stable (``/problems/<code>``)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[FieldError] | None = None


_WHEN: dict[int, str] = {
    400: "a parameter or the body cannot be read",
    401: "no API key, or an unknown or revoked one",
    403: "a key of the wrong audience",
    404: "no such resource (or not yours, or not public)",
    409: "not allowed in the current state, or already exists",
    410: "the sync token is older than the changes kept: read from the start",
    412: "If-Match names a version that is no longer current",
    413: "the body is larger than the configured limit",
    415: "the body's media type is not accepted",
    422: "the body breaks a rule (the fields are named)",
    428: "If-Match is required",
    429: "a rate limit is reached (see Retry-After)",
    503: "the database is unavailable (see Retry-After)",
}


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    titles = {kind.status: kind.title for kind in reversed(PROBLEMS.values())}
    return {
        status: ResponseSpec(
            data_container=ProblemDetails,
            description=f"{titles.get(status, 'Problem')}: {_WHEN[status]}",
            media_type=PROBLEM_JSON,
            generate_examples=False,
        )
        for status in statuses
    }


_WRITE = (400, 401, 403, 413, 422, 429, 503)

PUBLIC_READ = problem_responses(400, 503)
PUBLIC_ONE = problem_responses(400, 404, 503)
SIGNUP = problem_responses(400, 409, 413, 422, 429, 503)
EMPLOYER_READ = problem_responses(400, 401, 403, 503)
EMPLOYER_ONE = problem_responses(400, 401, 403, 404, 503)
EMPLOYER_WRITE = problem_responses(*_WRITE, 404, 409)
EMPLOYER_REVISE = problem_responses(*_WRITE, 404, 409, 412, 428)
EMPLOYER_LIFECYCLE = problem_responses(*_WRITE, 404, 409, 412)
EMPLOYER_IMPORT = problem_responses(*_WRITE, 409, 415)
ADMIN_READ = problem_responses(400, 401, 403, 503)
ADMIN_WRITE = problem_responses(*_WRITE, 404, 409)
