"""What the OpenAPI document says of a route beyond what Litestar reads from its signature.

Some of a route's contract lives outside its handler's parameters: the headers
every answer may carry (rate limits, Retry-After), the If-Match a revision
reads from the request itself, the pasted text an import reads as raw bytes.
Routes name one of these operation classes (``operation_class=...``) so that
generated clients see all of it: a header parameter to fill, a body to send.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar.datastructures import ResponseHeader
from litestar.openapi.spec import (
    Components,
    OpenAPIHeader,
    OpenAPIMediaType,
    OpenAPIResponse,
    OpenAPIType,
    Operation,
    Parameter,
    Reference,
    RequestBody,
    Schema,
    SecurityRequirement,
    SecurityScheme,
)

BEARER = "bearer"
BEARER_SECURITY: list[SecurityRequirement] = [{BEARER: []}]
COMPONENTS = Components(
    security_schemes={
        BEARER: SecurityScheme(
            type="http",
            scheme="bearer",
            description="An employer key (acts for one company) or an admin key, "
            "as `Authorization: Bearer <key>`",
        )
    }
)

_TEXT = Schema(type=OpenAPIType.STRING)
_SECONDS = Schema(type=OpenAPIType.INTEGER, minimum=0)
RETRY_AFTER = OpenAPIHeader(schema=_SECONDS, description="seconds to wait before retrying")
# draft-ietf-httpapi-ratelimit-headers, for the tightest limit the request counted against.
RATE_LIMIT_HEADERS = {
    "RateLimit-Limit": OpenAPIHeader(schema=_SECONDS, description="requests the window allows"),
    "RateLimit-Remaining": OpenAPIHeader(schema=_SECONDS, description="requests left in it"),
    "RateLimit-Reset": OpenAPIHeader(schema=_SECONDS, description="seconds until it resets"),
    "RateLimit-Policy": OpenAPIHeader(schema=_TEXT, description="the limit: quota;w=window"),
}

# Success answers' headers, as routes declare them (``response_headers=...``).
ETAG = ResponseHeader(
    name="ETag",
    description="the posting's version; send it back in If-Match to change the posting",
    documentation_only=True,
)
LOCATION = ResponseHeader(
    name="Location", description="the new posting's address", documentation_only=True
)


def _if_match(*, required: bool) -> Parameter:
    when = "required: a stale one answers 412" if required else "optional: guards the change"
    return Parameter(
        name="If-Match",
        param_in="header",
        required=required,
        description=f"the ETag you last read ({when})",
        schema=_TEXT,
    )


def _add_headers(response: OpenAPIResponse | Reference, headers: dict[str, OpenAPIHeader]) -> None:
    if isinstance(response, OpenAPIResponse):
        response.headers = {**(response.headers or {}), **headers}


@dataclass
class BoardOperation(Operation):
    """Every route's operation: the headers its answers may carry, by status. A 503 (and a
    429) says when to retry; a write's answers carry its rate limits."""

    def __post_init__(self) -> None:
        for status, response in (self.responses or {}).items():
            if status == "503":
                _add_headers(response, {"Retry-After": RETRY_AFTER})
            elif status == "429":
                _add_headers(response, {"Retry-After": RETRY_AFTER, **RATE_LIMIT_HEADERS})


@dataclass
class WriteOperation(BoardOperation):
    """A write: rate limited (when limits are on), so its success says how much is left."""

    def __post_init__(self) -> None:
        super().__post_init__()
        for status, response in (self.responses or {}).items():
            if status.startswith("2"):
                _add_headers(response, RATE_LIMIT_HEADERS)


@dataclass
class CreateOperation(WriteOperation):
    """A create that honours Idempotency-Key: a retry with the same key answers the first
    answer, so a lost response never makes a second one."""

    def __post_init__(self) -> None:
        super().__post_init__()
        idempotency_key = Parameter(
            name="Idempotency-Key",
            param_in="header",
            required=False,
            description="any unique string (a UUID); a retry with it replays the first answer",
            schema=Schema(type=OpenAPIType.STRING, min_length=1, max_length=255),
        )
        self.parameters = [*(self.parameters or []), idempotency_key]


@dataclass
class GuardedWriteOperation(WriteOperation):
    """A change a client may guard with If-Match (publish, close)."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.parameters = [*(self.parameters or []), _if_match(required=False)]


@dataclass
class PublishOperation(GuardedWriteOperation):
    """Publishing takes a body only to set valid_through: the document must not demand one."""

    def __post_init__(self) -> None:
        super().__post_init__()
        if isinstance(self.request_body, RequestBody):
            self.request_body.required = False


@dataclass
class RevisionOperation(WriteOperation):
    """A revision: If-Match is required (428 without it), so no change is lost."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.parameters = [*(self.parameters or []), _if_match(required=True)]


_PASTED_TEXT = Schema(
    type=OpenAPIType.OBJECT,
    title="PastedText",
    properties={"text": Schema(type=OpenAPIType.STRING, description="the job description")},
    required=["text"],
    additional_properties=False,
)


@dataclass
class ImportOperation(CreateOperation):
    """The import reads its body itself (JSON ``{"text"}`` or text/plain): say so."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.request_body = RequestBody(
            required=True,
            description="the pasted job description",
            content={
                "application/json": OpenAPIMediaType(schema=_PASTED_TEXT),
                "text/plain": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING)),
            },
        )
