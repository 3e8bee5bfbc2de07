"""Reading a pasted job description from a request body: JSON `{"text"}` or text/plain."""

from __future__ import annotations

import json

from adapters.http.problems import Problem


def _error(message: str, field: str = "text") -> dict[str, str]:
    return {"field": field, "pointer": f"/{field}", "message": message}


def _invalid(message: str) -> Problem:
    return Problem("validation-failed", message, [_error(message)])


def pasted_text(content_type: str, body: bytes) -> str:
    media_type = content_type.split(";")[0].strip().lower()
    if media_type == "text/plain":
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise _invalid("text must be UTF-8") from None
    if media_type in ("application/json", ""):
        try:
            document = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise Problem("malformed-request", "the body is not JSON") from None
        if not isinstance(document, dict):
            raise _invalid("text is required: the job description as a string")
        # Every bad field at once, as for the other bodies: a missing text and unknown keys.
        errors = [_error(f"unknown field: {key}", key) for key in sorted(document) if key != "text"]
        text = document.get("text")
        if isinstance(text, str) and not errors:
            return text
        if not isinstance(text, str):
            errors.insert(0, _error("text is required: the job description as a string"))
        detail = "invalid fields: " + ", ".join(e["field"] for e in errors)
        raise Problem("validation-failed", detail, errors)
    raise Problem(
        "unsupported-media-type", 'send the text as application/json {"text": ...} or as text/plain'
    )
