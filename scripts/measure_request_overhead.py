"""Measure what the per-request observability layer costs, without a network or a database.

    uv run python scripts/measure_request_overhead.py [--requests 10000] [--rounds 5]

Drives the app's ASGI callable directly with GET /health (no database), once through
Litestar's own handler alone and once through the request observer around it (request
id, log line, metrics), and prints microseconds per request for each variant. The access
log goes to /dev/null, so the cost of rendering it counts but not a terminal's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from adapters.container import Container
from adapters.http.app import create_app
from adapters.observability.middleware import RequestObserver
from adapters.settings import Settings

Message = MutableMapping[str, Any]
ASGI = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[Message]],
        Callable[[Message], Awaitable[None]],
    ],
    Awaitable[None],
]


def _scope() -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/health",
        "raw_path": b"/health",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"bench"), (b"accept", b"*/*"), (b"user-agent", b"bench")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send(message: Message) -> None:
    return None


async def _per_request(app: ASGI, requests: int) -> float:
    for _ in range(500):  # warm caches and metric children
        await app(_scope(), _receive, _send)
    started = time.perf_counter()
    for _ in range(requests):
        await app(_scope(), _receive, _send)
    return (time.perf_counter() - started) / requests * 1e6


def _app(**settings: Any) -> Any:
    values = {"DATABASE_URL": "postgresql://bench@127.0.0.1:1/none", **settings}
    return create_app(Container(settings=Settings(**values), database_url=values["DATABASE_URL"]))


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # the access log's destination; the results go to stdout

    bare = _app()
    observer: RequestObserver = bare.asgi_handler
    bare.asgi_handler = observer._app  # Litestar as it was before the observer went around it
    variants: dict[str, Any] = {
        "litestar alone": bare,
        "+ id, metrics, log line": _app(JOBBOARD_LOG_FORMAT="json"),
        "+ id, metrics (no log)": _app(JOBBOARD_ACCESS_LOG="false"),
        "+ id only": _app(JOBBOARD_ACCESS_LOG="false", JOBBOARD_METRICS_ENABLED="false"),
    }
    # Rounds in turn, best of each: the machine's other load only ever adds time.
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(args.rounds):
        for name, app in variants.items():
            best[name] = min(best[name], await _per_request(app, args.requests))
    baseline = best["litestar alone"]
    for name, micros in best.items():
        print(f"{name:26} {micros:7.1f} us/request  ({micros - baseline:+5.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
