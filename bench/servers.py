"""The three servers, each a granian process (one worker, the same settings) on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]

FACTORIES = {
    "jobboard": "bench.jobboard_app:app",
    "raw": "bench.raw_app:app",
    "conventional": "bench.conventional_app:app",
}


@dataclass(frozen=True)
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    projector: subprocess.Popen[bytes] | None = None  # jobboard's, when a process of its own


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(
    name: str,
    database_url: str,
    *,
    extra_env: dict[str, str] | None = None,
    log: Path | None = None,
    projector_process: bool = False,
    projector_nice: int | None = None,
    tree: Path | None = None,
) -> Iterator[Server]:
    """Start ``name`` (jobboard, raw or conventional) on a free port; stop it afterwards.
    With ``projector_process``, jobboard's projector runs as a process of its own
    (``jobboard projector``, as ``serve --workers N`` deploys it), not in the API process,
    at ``projector_nice`` (JOBBOARD_PROJECTOR_NICE) when given. With ``tree``, the server
    runs from that checkout and its own .venv (another version of jobboard, for an A/B
    in one run)."""
    root = tree or ROOT
    python = str(root / ".venv" / "bin" / "python") if tree else sys.executable
    port = free_port()
    env = {
        **os.environ,
        "BENCH_DATABASE_URL": database_url,
        "BENCH_POOL_SIZE": "10",
        "JOBBOARD_DB_POOL_SIZE": "10",
        "JOBBOARD_LOG_LEVEL": "WARNING",
        # The writer of P4 is the load being measured, not abuse: no rate limits.
        "JOBBOARD_RATE_LIMIT_ENABLED": "false",
        # Moderation: the bench's fresh companies publish at once (no new-company review).
        "JOBBOARD_MODERATION_NEW_COMPANY_DAYS": "0",
        "PYTHONPATH": os.pathsep.join([str(root), str(root / "src")]),
        **(extra_env or {}),
    }
    env.pop("DATABASE_URL", None)
    if projector_process:
        env["JOBBOARD_RUN_PROJECTOR"] = "false"
    command = [
        python,
        "-m",
        "granian",
        "--interface",
        "asgi",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-ws",
        "--log-level",
        "warning",
        FACTORIES[name],
    ]
    output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    processes = [subprocess.Popen(command, env=env, cwd=root, stdout=output, stderr=output)]
    if projector_process:
        projector = [str(Path(sys.executable).with_name("jobboard")), "projector"]
        projector_env = {**env, "DATABASE_URL": database_url}
        if projector_nice is not None:
            projector_env["JOBBOARD_PROJECTOR_NICE"] = str(projector_nice)
        processes.append(
            subprocess.Popen(projector, env=projector_env, cwd=ROOT, stdout=output, stderr=output)
        )
    server = Server(
        name,
        f"http://127.0.0.1:{port}",
        processes[0],
        processes[1] if projector_process else None,
    )
    try:
        _wait_ready(server)
        yield server
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if log:
            output.close()  # type: ignore[union-attr]


def _wait_ready(server: Server, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
        try:
            if httpx.get(f"{server.url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not answer within {within:.0f}s")


@contextmanager
def serve_all(
    database_url: str,
    names: tuple[str, ...],
    log: Path | None = None,
    projector_process: bool = False,
    projector_nice: int | None = None,
) -> Iterator[dict[str, Server]]:
    with ExitStack() as stack:
        yield {
            name: stack.enter_context(
                serve(
                    name,
                    database_url,
                    log=log,
                    projector_process=projector_process and name == "jobboard",
                    projector_nice=projector_nice,
                )
            )
            for name in names
        }
