"""The raw reference: a bare ASGI callable, an asyncpg pool, orjson. No framework.

It answers ``GET /v1/postings`` with the same JSON body as jobboard (items and
next_cursor; facets are not part of the comparison), running the same SQL
(jobboard's own ``compiled_search``: the statement compiled once per shape) and
joining the summaries the read model keeps encoded, as jobboard does. It validates nothing
beyond what it must parse: it is the practical limit of Python plus this
driver, not a product. Serve it with ``granian --interface asgi --factory
bench.raw_app:app`` and BENCH_DATABASE_URL set.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

import asyncpg
import orjson

from adapters.postgres.compiled_search import compiled_search
from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.read_pool import SERVER_SETTINGS
from application.queries.public_postings import PostingFilters, PostingSearch, SearchCursor, Sort
from bench.statements import default_sort

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

LISTS = {"country": "countries", "workplace": "workplaces", "employment_type": "employment_types"}
LISTS["requirement"] = "requirements"
SINGLE = ("q", "city", "language", "seniority", "company", "currency")
JSON_HEADERS = [(b"content-type", b"application/json")]


def parse(query_string: bytes) -> tuple[PostingSearch, int]:
    """The search a query string asks for (and the page size); ValueError when unreadable."""
    single: dict[str, Any] = {}
    lists: dict[str, list[str]] = {}
    sort: str | None = None
    limit, cursor = 20, None
    for key, value in parse_qsl(query_string.decode("latin-1")):
        if key in LISTS:
            lists.setdefault(LISTS[key], []).append(value)
        elif key in SINGLE:
            single[key] = value
        elif key == "salary_min":
            single[key] = Decimal(value)
        elif key == "posted_within_days":
            single[key] = int(value)
        elif key == "sort":
            sort = value
        elif key == "limit":
            limit = int(value)
        elif key == "cursor":
            cursor = value
    filters = PostingFilters(**(single | {k: tuple(v) for k, v in lists.items()}))
    chosen = default_sort(sort, filters)
    after = SearchCursor.decode(cursor) if cursor else None
    now = datetime.now(UTC)
    window_end = after.window_end if after and after.window_end else now
    return PostingSearch(filters, chosen, limit + 1, after, window_end), limit


async def _keep(connection: asyncpg.Connection) -> None:
    """No reset query on release: these reads leave no session state behind."""


class RawApp:
    def __init__(self, dsn: str, pool_size: int) -> None:
        self._dsn, self._pool_size = dsn, pool_size
        self._pool: asyncpg.Pool | None = None

    async def _init_connection(self, connection: asyncpg.Connection) -> None:
        await connection.set_type_codec(
            "jsonb", schema="pg_catalog", encoder=orjson.dumps, decoder=orjson.loads
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path = scope["path"]
        if path == "/v1/postings":
            status, body = await self._postings(scope["query_string"])
        elif path == "/health":
            status, body = 200, b'{"status":"ok"}'
        else:
            status, body = 404, b'{"status":404}'
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [*JSON_HEADERS, (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def _postings(self, query_string: bytes) -> tuple[int, bytes]:
        try:
            search, limit = parse(query_string)
        except Exception:  # a reference app: any unreadable query is a 400
            return 400, b'{"status":400}'
        now = datetime.now(UTC)
        compiled, values = compiled_search(search, now)
        assert self._pool is not None
        rows = await self._pool.fetch(compiled.sql, *compiled.arguments(values))
        page = rows[:limit]
        cursor = None
        if len(rows) > limit:
            last = page[-1]
            relevance = search.sort is Sort.RELEVANCE
            cursor = SearchCursor(
                search.sort,
                last["published_at"],
                last["id"],
                last["rank"] if relevance else None,
                search.window_end if relevance else None,
            ).encode()
        items = ",".join([row["summary"] for row in page]).encode()
        return 200, b'{"items":[' + items + b'],"next_cursor":' + orjson.dumps(cursor) + b"}"

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self._pool = await asyncpg.create_pool(
                    self._dsn,
                    min_size=1,
                    max_size=self._pool_size,
                    init=self._init_connection,
                    reset=_keep,
                    server_settings=SERVER_SETTINGS,
                )
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._pool is not None:
                    await self._pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


def app() -> RawApp:
    """The factory granian calls."""
    return RawApp(
        asyncpg_dsn(os.environ["BENCH_DATABASE_URL"]),
        int(os.environ.get("BENCH_POOL_SIZE", "10")),
    )
