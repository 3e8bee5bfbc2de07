"""`jobboard serve` over real sockets: slow or idle connections are closed, and forwarded
headers from a peer that is no trusted proxy change nothing (uvicorn's own reading of
X-Forwarded-For, which trusts loopback, is off)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from e2e.board import assert_problem
from operability_support import Server, server_environment

# Generous for a loaded machine: each wait below ends as soon as the server acts.
CLOSE_WITHIN_SECONDS = 30.0


@pytest.fixture(scope="module")
async def served(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Server]:
    env = server_environment(
        database_url,
        JOBBOARD_HTTP_HEADER_TIMEOUT_SECONDS="0.5",
        JOBBOARD_HTTP_KEEP_ALIVE_SECONDS="0.5",
        JOBBOARD_RATE_LIMIT_SIGNUPS_PER_ADDRESS="2",
        JOBBOARD_RATE_LIMIT_KEY_PREFIX="unused",  # counted in the server's memory
    )
    server = Server(["--no-projector"], env, Path(tmp_path_factory.mktemp("served")) / "serve.log")
    try:
        await server.ready(within=120)
        yield server
    finally:
        server.close()


async def _closed_by_server(connection: socket.socket) -> bytes:
    """What the server sends until it closes the connection (a read of b"" is the close)."""
    received = b""
    connection.settimeout(CLOSE_WITHIN_SECONDS)
    while chunk := await asyncio.to_thread(connection.recv, 65536):
        received += chunk
    return received


async def test_a_connection_that_sends_half_a_request_line_is_closed(served: Server) -> None:
    with socket.create_connection(("127.0.0.1", served.port)) as connection:
        connection.sendall(b"GET /heal")

        received = await _closed_by_server(connection)

    assert received == b""  # closed without an answer: there is no request to answer


async def test_a_connection_that_opens_and_says_nothing_is_closed(served: Server) -> None:
    with socket.create_connection(("127.0.0.1", served.port)) as connection:
        assert await _closed_by_server(connection) == b""


async def test_an_idle_keep_alive_connection_is_closed_after_its_answer(served: Server) -> None:
    with socket.create_connection(("127.0.0.1", served.port)) as connection:
        connection.sendall(b"GET /health HTTP/1.1\r\nHost: jobboard.test\r\n\r\n")

        received = await _closed_by_server(connection)

    assert received.startswith(b"HTTP/1.1 200")
    assert b"connection: close" not in received.lower()  # kept alive, then timed out


async def test_a_slow_head_on_a_kept_alive_connection_is_closed(served: Server) -> None:
    with socket.create_connection(("127.0.0.1", served.port)) as connection:
        connection.sendall(b"GET /health HTTP/1.1\r\nHost: jobboard.test\r\n\r\nGET /hea")

        received = await _closed_by_server(connection)

    assert received.count(b"HTTP/1.1 200") == 1


async def test_forwarded_headers_from_loopback_change_no_client_address(
    served: Server,
) -> None:
    async with httpx.AsyncClient(base_url=served.url, timeout=30) as client:
        answers = [
            await client.post(
                "/v1/companies",
                json={"name": f"Forger {n}", "country": "GB"},
                headers={"X-Forwarded-For": forged, "Idempotency-Key": f"forged-{n}"},
            )
            for n, forged in enumerate([f"203.0.113.{n}" for n in range(1, 3)] + ["9" * 100])
        ]

    assert [a.status_code for a in answers[:2]] == [201, 201]
    # The third is refused as the loopback peer's third sign-up: no 500, no new budget.
    assert_problem(answers[2], 429, "rate-limited")
