"""The real app served by uvicorn on a loopback port, in a thread of its own.

For tests whose client is synchronous (schemathesis) or must reach the app
over a real socket. The server runs its own event loop (and its own engine and
in-process projector); setup that needs the database runs in yet another loop.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

import uvicorn
from sqlalchemy import text

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.postgres.tables import metadata
from adapters.serving import server_config
from adapters.settings import Settings
from application.commands.api_keys import IssueAdminKey
from builders import AN_ADMIN
from scratch_databases import SKIP_APPEND_ONLY_GUARD

T = TypeVar("T")


def run_in_new_loop(work: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion in a fresh loop on another thread (safe inside pytest's)."""

    async def main() -> T:
        return await work()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def _with_container(database_url: str, act: Callable[[Container], Awaitable[T]]) -> T:
    container = Container(settings=Settings(database_url=database_url), database_url=database_url)
    try:
        return await act(container)
    finally:
        await release(container)


def empty_board(database_url: str) -> None:
    async def truncate(container: Container) -> None:
        names = ", ".join(t.name for t in metadata.sorted_tables)
        async with container.engine().begin() as connection:
            await connection.execute(text(SKIP_APPEND_ONLY_GUARD))
            await connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))

    run_in_new_loop(lambda: _with_container(database_url, truncate))


def issue_admin_key(database_url: str) -> str:
    async def issue(container: Container) -> str:
        issued = await container.application().commands.issue_admin_key(
            IssueAdminKey("test admin", actor=AN_ADMIN)
        )
        return issued.api_key

    return run_in_new_loop(lambda: _with_container(database_url, issue))


@contextmanager
def served(settings: Settings, database_url: str) -> Iterator[str]:
    """Serve the app on 127.0.0.1 until the block ends; yields its base URL."""
    container = Container(settings=settings, database_url=database_url)
    port = _free_port()
    # As `jobboard serve` configures uvicorn (proxy headers off, connection timeouts).
    quiet = settings.model_copy(update={"log_level": "WARNING"})
    config = server_config(create_app(container), quiet, "127.0.0.1", port)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="served-board", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the served board did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
