"""Load on loopback, bounded in requests and in time: wrk when installed, else a small
asyncio HTTP/1.1 client. Either rotates through a list of request paths and reports
requests/s, p50 and p99."""

from __future__ import annotations

import asyncio
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.lean_http import read_answer


@dataclass(frozen=True)
class LoadResult:
    tool: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_load(
    base_url: str,
    paths: Sequence[str],
    *,
    seconds: float,
    connections: int,
    max_requests: int,
    tool: str = "auto",
) -> LoadResult:
    """Send GETs of ``paths`` (in turn) to ``base_url`` for at most ``seconds`` and
    ``max_requests`` requests."""
    if tool == "wrk" or (tool == "auto" and wrk_available()):
        return _wrk(base_url, paths, seconds, connections, max_requests)
    return asyncio.run(_python(base_url, paths, seconds, connections, max_requests))


# ------------------------------------------------------------------ wrk

LUA = """
local paths = {%s}
local sent, done, limit = 0, 0, %d
request = function()
  sent = sent + 1
  return wrk.format("GET", paths[(sent %% #paths) + 1])
end
response = function(status, headers, body)
  done = done + 1
  if done >= limit then wrk.thread:stop() end
end
"""

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * UNITS[match.group(2)]


def _wrk(
    base_url: str, paths: Sequence[str], seconds: float, connections: int, max_requests: int
) -> LoadResult:
    quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % (quoted, max_requests))
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                script.name,
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        Path(script.name).unlink(missing_ok=True)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    total = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not (total and rps and "50" in percentiles and "99" in percentiles):
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return LoadResult(
        "wrk",
        int(total.group(1)),
        errors,
        _duration_ms(total.group(2) + total.group(3)) / 1000,
        float(rps.group(1)),
        _duration_ms(percentiles["50"]),
        _duration_ms(percentiles["99"]),
    )


# ------------------------------------------------------------------ asyncio client


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, raw: bytes) -> int:
    """Send one request on a kept-alive connection; answer its status."""
    writer.write(raw)
    status, _ = await read_answer(reader)
    return status


async def _python(
    base_url: str, paths: Sequence[str], seconds: float, connections: int, max_requests: int
) -> LoadResult:
    split = urlsplit(base_url)
    host, port = split.hostname or "127.0.0.1", split.port or 80
    requests = [
        f"GET {p} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: */*\r\n\r\n".encode() for p in paths
    ]
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds

    async def connection(offset: int) -> None:
        nonlocal errors, sent
        reader, writer = await asyncio.open_connection(host, port)
        i = offset
        try:
            while sent < max_requests and time.perf_counter() < deadline:
                sent += 1
                raw = requests[i % len(requests)]
                i += 1
                began = time.perf_counter()
                try:
                    status = await _request(reader, writer, raw)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                    continue
                latencies.append((time.perf_counter() - began) * 1000)
                if status >= 400:
                    errors += 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection(i) for i in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    if not latencies:
        raise RuntimeError(f"no request to {base_url} was answered")
    return LoadResult(
        "python",
        len(latencies),
        errors,
        elapsed,
        len(latencies) / elapsed,
        statistics.median(latencies),
        latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    )
