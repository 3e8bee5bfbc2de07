"""A lean HTTP/1.1 client for the harness's own load: kept-alive connections, no more.

The load generator runs on the same two cores as the system it measures, so what
it spends is taken from the servers. A general client (httpx) costs about a
millisecond of CPU per request; this one reads a status line, headers and a
body, which is all the harness needs from its own servers.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class HttpStatusError(Exception):
    """A 4xx or 5xx answer, for a caller that asked for a success."""

    def __init__(self, method: str, path: str, answer: Answer) -> None:
        super().__init__(f"{method} {path} answered {answer.status}: {answer.body[:200]!r}")
        self.answer = answer


async def read_answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One response from a kept-alive connection: its status and its body."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length: int | None = None
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and value.strip().lower() == b"chunked":
            chunked = True
    if length is not None:
        return status, await reader.readexactly(length)
    if not chunked:
        return status, b""
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
        parts.append((await reader.readexactly(size + 2))[:-2])
        if size == 0:
            return status, b"".join(parts)


class LeanClient:
    """Up to ``connections`` kept-alive connections to one server, opened as needed; a
    request not answered within ``timeout`` seconds raises TimeoutError."""

    def __init__(self, base_url: str, connections: int = 16, timeout: float = 120.0) -> None:
        self._timeout = timeout
        split = urlsplit(base_url)
        self._host, self._port = split.hostname or "127.0.0.1", split.port or 80
        self._idle: asyncio.LifoQueue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.LifoQueue()
        )
        self._slots = asyncio.Semaphore(connections)
        self._open: set[asyncio.StreamWriter] = set()

    async def __aenter__(self) -> LeanClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        for writer in self._open:
            writer.close()
        self._open.clear()

    async def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        ok: bool = True,
    ) -> Answer:
        """Send one request; with ``ok``, a 4xx or 5xx raises HttpStatusError."""
        body = b"" if json_body is None else json.dumps(json_body).encode()
        head = [f"{method} {path} HTTP/1.1", f"Host: {self._host}:{self._port}"]
        head += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if json_body is not None:
            head.append("Content-Type: application/json")
        head.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        async with self._slots:
            reader, writer = await self._connection()
            try:
                async with asyncio.timeout(self._timeout):
                    writer.write(raw)
                    status, payload = await read_answer(reader)
            except BaseException:
                writer.close()
                self._open.discard(writer)
                raise
            self._idle.put_nowait((reader, writer))
        answer = Answer(status, payload)
        if ok and status >= 400:
            raise HttpStatusError(method, path, answer)
        return answer

    async def _connection(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if not self._idle.empty():
            return self._idle.get_nowait()
        reader, writer = await asyncio.open_connection(self._host, self._port)
        self._open.add(writer)
        return reader, writer
