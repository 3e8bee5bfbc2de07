"""``GET /v1/postings`` answered ahead of the framework's per-request work.

The search is the request a board answers most. Litestar's routing, middleware
stack and handler call cost about as much CPU as the rest of a plain search
(decision 013 measures it), so this ASGI layer answers the route itself, with
the route's own parts: the one parameter table (``search_from_query``), the
same use case, the same page rendering, and every error answered from the one
problem table (``use_case_problem``), once: nothing is tried a second time.
The app's ``before_send`` hook adds the security headers, as for every answer.

A CORS request (one with ``Origin`` when CORS is configured) goes to the
Litestar route, which applies the CORS rules; so does every other path.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl

import orjson
from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPResponseStartEvent, HTTPScope, Receive, Scope, Send

from adapters.http.problems import PROBLEM_JSON, use_case_problem
from adapters.http.search_page import page_body
from adapters.http.search_parameters import search_from_query
from application.catalogue import Queries

PATH = "/v1/postings"


class SearchFastPath:
    """Answers ``GET /v1/postings``; hands every other request to ``app``."""

    __slots__ = ("_app", "_cors", "_queries", "served")

    def __init__(self, app: ASGIApp, queries: Callable[[], Queries], cors: bool) -> None:
        self._app, self._queries, self._cors = app, queries, cors
        self.served = 0  # how many requests it answered itself (the tests look)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != ScopeType.HTTP
            or scope["path"] != PATH
            or scope["method"] != "GET"
            or (self._cors and any(name == b"origin" for name, _ in scope["headers"]))
        ):
            await self._app(scope, receive, send)
            return
        await self._answer(scope, send)

    async def _answer(self, scope: HTTPScope, send: Send) -> None:
        scope["path_template"] = PATH  # the route's name, for the request log and the metrics
        self.served += 1
        try:
            # As Litestar reads a query string (litestar._parsers), so the two agree.
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), separator="&")
            result = await self._queries().list_public_postings(search_from_query(pairs))
            status, content_type, body = 200, b"application/json", page_body(result)
            extra: list[tuple[bytes, bytes]] = []
        except Exception as error:
            problem = use_case_problem(error, scope["method"], PATH)
            status, content_type = problem.status, PROBLEM_JSON.encode()
            body = orjson.dumps(problem.body)
            extra = [(k.lower().encode(), v.encode()) for k, v in problem.headers.items()]
        headers = [
            (b"content-type", content_type),
            (b"content-length", str(len(body)).encode()),
            *extra,
        ]
        start: HTTPResponseStartEvent = {
            "type": "http.response.start",
            "status": status,
            "headers": headers,
        }
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})
