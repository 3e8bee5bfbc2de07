"""``GET /v1/postings`` without the framework's per-request work, when it needs none of it.

The search is the request a board answers most, and most of its requests are
plain: a few filters, well formed. For those, routing, typed parameter
parsing and dependency injection cost about a sixth of the request (see
README, Performance). This ASGI layer answers them directly: it parses the
query string as Litestar does, builds the same query (``search_query``), runs
the same use case and renders the same body (``page_body``); the app's own
``before_send`` hook adds the same headers.

Anything it is not sure of goes to the Litestar route, which stays the one
definition of the contract: a parameter it does not know, a blank or repeated
one, a value that is not plainly a number, more values than a filter takes, a
CORS request, and every error the use case raises (the route answers it with
its problem document). So the two can differ only in speed; a test holds them
to the same answers.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

from adapters.http.public_routes import MAX_REPEATS, page_body, search_query
from application.catalogue import Queries
from application.queries.public_postings import ListPublicPostings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PATH = "/v1/postings"
LISTS = frozenset({"country", "workplace", "employment_type", "requirement"})
TEXTS = frozenset(
    {"q", "city", "language", "seniority", "company", "currency", "sort", "cursor", "facets"}
)
INTEGERS = frozenset({"limit", "posted_within_days"})
WHOLE = re.compile(r"[0-9]{1,9}")
AMOUNT = re.compile(r"[0-9]{1,13}(\.[0-9]{1,4})?")
# The security headers are added on the way out by the app's before_send hook, which
# wraps ``send`` for every answer, this one included.
HEADERS = [(b"content-type", b"application/json")]


def plain_search(query_string: bytes) -> ListPublicPostings | None:
    """The search a plain query string asks for; None when the route should judge it."""
    given: dict[str, Any] = {}
    # As Litestar reads a query string (litestar._parsers.parse_qsl), so the values agree.
    for key, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if not value:
            return None
        if key in LISTS:
            values = given.setdefault(key, [])
            if len(values) >= MAX_REPEATS:
                return None
            values.append(value)
        elif key in given:
            return None
        elif key in TEXTS:
            given[key] = value
        elif key in INTEGERS and WHOLE.fullmatch(value):
            given[key] = int(value)
        elif key == "salary_min" and AMOUNT.fullmatch(value):
            given[key] = Decimal(value)
        else:
            return None
    return search_query(**given)


class HotSearch:
    """Answers plain ``GET /v1/postings`` requests; hands everything else to ``app``."""

    __slots__ = ("_app", "_cors", "_queries", "served")

    def __init__(self, app: ASGIApp, queries: Callable[[], Queries], cors: bool) -> None:
        self._app, self._queries, self._cors = app, queries, cors
        self.served = 0  # how many requests it answered itself (the tests look)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != PATH
            or scope["method"] != "GET"
            or (self._cors and any(name == b"origin" for name, _ in scope["headers"]))
        ):
            await self._app(scope, receive, send)
            return
        search = plain_search(scope["query_string"])
        if search is None:
            await self._app(scope, receive, send)
            return
        try:
            result = await self._queries().list_public_postings(search)
        except Exception:  # the route answers every error, with its problem document
            await self._app(scope, receive, send)
            return
        body = page_body(result)
        scope["path_template"] = PATH  # for the request log and the metrics
        self.served += 1
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [*HEADERS, (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
