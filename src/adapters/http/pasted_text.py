"""Reading a pasted job description from a request body: JSON `{"text"}` or text/plain."""

from __future__ import annotations

import json

from adapters.http.problems import Problem


def _invalid(message: str) -> Problem:
    return Problem("validation-failed", message, [{"field": "text", "message": message}])


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
        text = document.get("text") if isinstance(document, dict) else None
        if not isinstance(text, str):
            raise _invalid("text is required: the job description as a string")
        return text
    raise Problem(
        "unsupported-media-type", 'send the text as application/json {"text": ...} or as text/plain'
    )
