"""A request body's every bad field, named by its path, in one problem.

Litestar turns a body model's validation errors into its own, keyed by the
field's name alone; a body field named like one of the handler's parameters
(``jobboard``, ``principal``, ``company_id``) is then taken for that parameter,
and the client gets a 500 or a "bad path parameter". So the body models raise
this problem themselves (schemas.Body), before Litestar can mistake them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from adapters.http.problems import Problem

# Pydantic's messages for these say what it saw; a client wants what to send instead.
_MESSAGES = {
    "extra_forbidden": "unknown field: this body has no such field",
}


def field_path(location: Sequence[int | str]) -> str:
    """``("requirements", 1, "importance")`` -> ``requirements.1.importance``."""
    return ".".join(str(part) for part in location) or "body"


def json_pointer(location: Sequence[int | str]) -> str:
    """RFC 6901: ``/requirements/1/importance`` (``~`` and ``/`` in a key escaped)."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in location)


def field_error(error: Any) -> dict[str, str]:
    location = tuple(error.get("loc", ()))
    message = _MESSAGES.get(str(error.get("type")), str(error.get("msg", "invalid")))
    if not location:
        message = f"the body must be a JSON object: {message}"
    return {"field": field_path(location), "pointer": json_pointer(location), "message": message}


def body_invalid(error: ValidationError) -> Problem:
    """One ``validation-failed`` problem listing every error of the body, in its order."""
    errors = [field_error(e) for e in error.errors(include_input=False, include_url=False)]
    fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
    return Problem("validation-failed", f"invalid fields: {fields}", errors)
