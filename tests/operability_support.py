"""Helpers for operability tests: the app in-process, log records, real server processes."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import httpx

from adapters.settings import Settings

JOBBOARD = [sys.executable, "-m", "adapters.cli.main"]


@contextlib.asynccontextmanager
async def over_http(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=cast(Any, app)), base_url="http://jobboard.test"
    ) as client:
        yield client


def log_lines(text: str) -> list[dict[str, Any]]:
    """The JSON log records in a captured stream (other lines are ignored)."""
    records = []
    for line in text.splitlines():
        if line.startswith("{"):
            with contextlib.suppress(ValueError):
                records.append(json.loads(line))
    return records


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server_environment(database_url: str, **overrides: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JOBBOARD_", "PROMETHEUS_")) and k != "TEST_DATABASE_URL"
    }
    env.update(
        DATABASE_URL=database_url,
        JOBBOARD_LOG_FORMAT="json",
        JOBBOARD_PROJECTOR_POLL_SECONDS="0.2",
        JOBBOARD_SHUTDOWN_GRACE_SECONDS="15",
    )
    env.update(overrides)
    return env


class Server:
    """`jobboard serve` as a process manager runs it, its log going to a file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log_path = log
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            [*JOBBOARD, "serve", "--port", str(self.port), *args],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def records(self) -> list[dict[str, Any]]:
        return log_lines(self.log_path.read_text(errors="replace"))

    async def ready(self, within: float = 90) -> None:
        deadline = asyncio.get_running_loop().time() + within
        async with httpx.AsyncClient() as client:
            while asyncio.get_running_loop().time() < deadline:
                if self.process.poll() is not None:
                    raise AssertionError(
                        f"serve exited with {self.process.returncode}:\n"
                        + self.log_path.read_text(errors="replace")[-3000:]
                    )
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{self.url}/ready")).status_code == 200:
                        return
                await asyncio.sleep(0.1)
        raise AssertionError(f"/ready did not answer 200 within {within}s")

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._log.close()


def settings(**values: Any) -> Settings:
    """Settings from field names. Settings' own constructor takes the environment's names
    (JOBBOARD_...) for aliased fields and silently ignores their field names."""
    by_alias = {}
    for name, value in values.items():
        alias = Settings.model_fields[name].validation_alias
        by_alias[alias if isinstance(alias, str) else name] = value
    return Settings(**by_alias)
