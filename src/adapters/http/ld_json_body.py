"""The bytes of an ``application/ld+json`` answer, safe to paste into a page.

Pages embed JSON-LD in ``<script type="application/ld+json">``; an HTML parser ends that
element at the first ``</script`` whatever JSON thinks of it, so a title holding
``</script><script>...`` would run as code. Outside strings JSON never uses ``<``, ``>``
or ``&``, so writing them as ``\\u003c``, ``\\u003e`` and ``\\u0026`` everywhere keeps the
document the same to a JSON parser and leaves the HTML parser nothing to act on. U+2028 and
U+2029 are escaped too: older JavaScript engines end a line at them.
"""

from __future__ import annotations

from typing import Any

import orjson

_ESCAPES = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"&", b"\\u0026"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


def ld_json(document: dict[str, Any]) -> bytes:
    body = orjson.dumps(document)
    for raw, escaped in _ESCAPES:
        body = body.replace(raw, escaped)
    return body
