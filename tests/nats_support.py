"""NATS for the relay tests: a unique stream per test on the shared server, a private
server a test may stop and restart, and reading back what a stream holds."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import socket
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nats
from nats.js.errors import NotFoundError

SHARED_NATS_URL = "nats://127.0.0.1:4222"
NATS_SERVER = Path("/usr/sbin/nats-server")


def shared_nats_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 4222), timeout=0.5):
            return True
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class StreamPlace:
    """Where one test's relay publishes: a stream and subject prefix no other run uses."""

    url: str
    stream: str
    prefix: str


def a_unique_place(url: str = SHARED_NATS_URL) -> StreamPlace:
    tag = uuid.uuid4().hex[:12]
    return StreamPlace(url, f"JOBBOARD_TEST_{tag}", f"jbtest{tag}")


@dataclass(frozen=True, slots=True)
class StoredMessage:
    sequence: int
    subject: str
    msg_id: str | None
    body: dict[str, Any]


async def stream_messages(place: StreamPlace) -> list[StoredMessage]:
    """Every message the stream holds, in its order (none when it does not exist)."""
    client = await nats.connect(place.url, connect_timeout=2, allow_reconnect=False)
    try:
        jetstream = client.jetstream()
        try:
            info = await jetstream.stream_info(place.stream)
        except NotFoundError:
            return []
        found = []
        for sequence in range(info.state.first_seq, info.state.last_seq + 1):
            if info.state.messages == 0:
                break
            raw = await jetstream.get_msg(place.stream, sequence)
            headers = raw.headers or {}
            found.append(
                StoredMessage(
                    sequence,
                    raw.subject or "",
                    headers.get("Nats-Msg-Id"),
                    json.loads(raw.data or b"{}"),
                )
            )
        return found
    finally:
        await client.close()


async def delete_stream(place: StreamPlace) -> None:
    with contextlib.suppress(Exception):
        client = await nats.connect(place.url, connect_timeout=2, allow_reconnect=False)
        try:
            await client.jetstream().delete_stream(place.stream)
        finally:
            await client.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PrivateNatsServer:
    """A nats-server with JetStream of this test's own, on a free loopback port, with its
    store in a temporary directory that survives a stop, so a restart finds its streams."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.store = Path(tempfile.mkdtemp(prefix="jobboard-nats-"))
        self._process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._process = await asyncio.create_subprocess_exec(
            str(NATS_SERVER), "-js", "-a", "127.0.0.1", "-p", str(self.port), "-sd",
            str(self.store),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        deadline = asyncio.get_running_loop().time() + 15
        while not await self._answers():
            if self._process.returncode is not None:
                raise RuntimeError(f"nats-server exited with {self._process.returncode}")
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError("nats-server did not start within 15s")
            await asyncio.sleep(0.05)

    async def _answers(self) -> bool:
        try:
            client = await nats.connect(self.url, connect_timeout=1, allow_reconnect=False)
        except Exception:
            return False
        try:
            await client.jetstream().account_info()
            return True
        except Exception:
            return False
        finally:
            await client.close()

    async def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
                await process.wait()

    async def destroy(self) -> None:
        try:
            await self.stop()
        finally:
            shutil.rmtree(self.store, ignore_errors=True)


@contextlib.asynccontextmanager
async def private_nats() -> AsyncIterator[PrivateNatsServer]:
    server = PrivateNatsServer()
    try:
        await server.start()
        yield server
    finally:
        await server.destroy()
