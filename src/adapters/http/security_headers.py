"""Security headers on every response, and CORS for the public reads only.

A Litestar ``before_send`` hook: it sees every response the app sends, the
problem answers for unknown routes and refused requests included. Employer and
admin routes never get CORS headers, so a browser page on another origin
cannot read a company's drafts with a key it holds; and anything that is not a
public read is marked ``no-store`` (a sign-up answer carries a key, shown once).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

from litestar.types import HTTPScope, Message, Scope

from adapters.settings import Settings

PRIVATE_PREFIXES = ("/v1/employer", "/v1/admin")
READ_METHODS = frozenset({"GET", "HEAD"})
# The API itself serves data only, so its answers may load nothing at all. The interactive
# docs under /schema load Swagger UI from this server alone (docs_assets): scripts, styles,
# the document and "try it out" requests from this origin; styles inline too (Swagger UI
# sets style attributes) and data: images (its icons). No inline script, no other origin.
API_CSP = b"default-src 'none'; frame-ancestors 'none'"
DOCS_CSP = (
    b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    b"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

ALWAYS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

# Precomputed per kind of answer: the hook runs on every response, public reads included.
PUBLIC_READ_HEADERS = [*ALWAYS, (b"content-security-policy", API_CSP)]
PRIVATE_HEADERS = [*PUBLIC_READ_HEADERS, (b"cache-control", b"no-store")]
DOCS_HEADERS = [*ALWAYS, (b"content-security-policy", DOCS_CSP)]

BeforeSend = Callable[[Message, Scope], Awaitable[None]]


def is_public_read(method: str, path: str) -> bool:
    """A candidate's read: GET or HEAD of a /v1 route that needs no key."""
    return (
        method in READ_METHODS and path.startswith("/v1/") and not path.startswith(PRIVATE_PREFIXES)
    )


def security_headers(settings: Settings) -> BeforeSend:
    """The hook, with the CORS origins allowed to read the public routes (``*`` for any)."""
    origins = frozenset(o.encode() for o in settings.cors_origins)
    any_origin = b"*" in origins

    def cors(scope: HTTPScope, request_headers: dict[bytes, bytes]) -> list[tuple[bytes, bytes]]:
        origin = request_headers.get(b"origin")
        if origin is None or not (any_origin or origin in origins):
            return []
        method = scope["method"]
        path = scope["path"]
        preflight = method == "OPTIONS" and request_headers.get(
            b"access-control-request-method", b""
        ) in (b"GET", b"HEAD")
        if not (is_public_read(method, path) or (preflight and is_public_read("GET", path))):
            return []
        allowed = [
            (b"access-control-allow-origin", b"*" if any_origin else origin),
            (b"vary", b"Origin"),
        ]
        if preflight:
            allowed += [
                (b"access-control-allow-methods", b"GET, HEAD"),
                (b"access-control-max-age", b"600"),
            ]
        return allowed

    async def add_headers(message: Message, any_scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        scope = cast(HTTPScope, any_scope)
        path: str = scope["path"]
        if is_public_read(scope["method"], path):
            added = PUBLIC_READ_HEADERS
        else:
            added = DOCS_HEADERS if _docs(path) else PRIVATE_HEADERS
        if origins:
            added = [*added, *cors(scope, dict(scope["headers"]))]
        message["headers"] = [*message.get("headers", ()), *added]

    return add_headers


def _docs(path: str) -> bool:
    return path == "/schema" or (path.startswith("/schema/") and not path.endswith(".json"))
