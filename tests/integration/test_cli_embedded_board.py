"""The embedded board as a user meets it from a shell: one data directory, whatever the
working directory, and no new, empty board made behind the user's back."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from operability_support import free_port

JOBBOARD = [sys.executable, "-m", "adapters.cli.main"]
REPOSITORY = Path(__file__).resolve().parents[2]


def _environment(**overrides: str) -> dict[str, str]:
    """The user's environment with no database configured: the embedded board is used."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JOBBOARD_", "PROMETHEUS_", "XDG_"))
        and k not in ("DATABASE_URL", "TEST_DATABASE_URL")
    }
    env.update(overrides)
    return env


def _jobboard(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JOBBOARD, *args],
        cwd=cwd,
        env=_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _checkout(root: Path) -> Path:
    """A directory that is a jobboard checkout as far as the command can tell."""
    root.mkdir()
    (root / "pyproject.toml").write_text('[project]\nname = "jobboard"\nversion = "0"\n')
    return root


ServeIn = Callable[[Path], tuple[subprocess.Popen[bytes], int]]


@pytest.fixture
def serve_in() -> Iterator[ServeIn]:
    """Starts `jobboard serve` in a directory, on a free port; SIGTERM stops it."""
    started: list[subprocess.Popen[bytes]] = []

    def start(cwd: Path) -> tuple[subprocess.Popen[bytes], int]:
        port = free_port()
        command = [*JOBBOARD, "serve", "--port", str(port)]
        started.append(
            subprocess.Popen(command, cwd=cwd, env=_environment(), stderr=subprocess.DEVNULL)
        )
        return started[-1], port

    yield start
    for process in started:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)


async def _ready(port: int, process: subprocess.Popen[bytes], within: float = 90) -> None:
    deadline = asyncio.get_running_loop().time() + within
    async with httpx.AsyncClient() as client:
        while asyncio.get_running_loop().time() < deadline:
            assert process.poll() is None, f"serve exited with {process.returncode}"
            try:
                if (await client.get(f"http://127.0.0.1:{port}/ready")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"/ready did not answer 200 within {within}s")


async def test_a_key_made_from_a_subdirectory_of_the_checkout_works_on_the_running_board(
    tmp_path: Path, serve_in: ServeIn
) -> None:
    checkout = _checkout(tmp_path / "checkout")
    elsewhere = checkout / "docs" / "notes"
    elsewhere.mkdir(parents=True)
    served, port = serve_in(checkout)
    await _ready(port, served)

    made = await asyncio.to_thread(_jobboard, "admin", "create-key", cwd=elsewhere)

    assert made.returncode == 0, made.stderr
    assert made.stderr.strip() == (
        f"using the embedded PostgreSQL in {checkout / '.jobboard'}"
        f" (chosen by the checkout at {checkout})"
    )
    assert not (elsewhere / ".jobboard").exists()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        expired = await client.post(
            "/v1/admin/postings/expire",
            headers={"Authorization": f"Bearer {made.stdout.strip()}"},
        )
    assert expired.status_code == 200, expired.text


def test_an_admin_command_refuses_to_start_a_new_empty_board_unless_told_to(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "nothing-here"

    refused = _jobboard("admin", "create-key", cwd=tmp_path, JOBBOARD_DATA_DIR=str(data_dir))

    assert refused.returncode != 0
    assert refused.stdout == ""
    assert f"there is no board in {data_dir}" in refused.stderr
    assert "jobboard serve" in refused.stderr and "--create" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not data_dir.exists()

    created = _jobboard(
        "admin", "create-key", "--create", cwd=tmp_path, JOBBOARD_DATA_DIR=str(data_dir)
    )

    assert created.returncode == 0, created.stderr
    assert created.stdout.startswith("jba_")
    assert (data_dir / "PG_VERSION").is_file()
    # Quiet: no warnings, no log records of the embedded server, only the database it used.
    assert created.stderr.splitlines() == [
        f"using the embedded PostgreSQL in {data_dir} (chosen by JOBBOARD_DATA_DIR;"
        " no board there yet)"
    ]


def test_config_run_outside_any_checkout_names_the_installed_checkouts_board(
    tmp_path: Path,
) -> None:
    shown = _jobboard("config", cwd=tmp_path)

    assert shown.returncode == 0, shown.stderr
    board = REPOSITORY / ".jobboard"
    assert f'"data_dir": "{board}"' in shown.stdout
    assert f"the embedded PostgreSQL in {board}" in shown.stdout  # database_in_use
    assert not (tmp_path / ".jobboard").exists()


def test_config_says_when_the_embedded_database_is_in_use(tmp_path: Path) -> None:
    shown = _jobboard("config", cwd=tmp_path, JOBBOARD_DATA_DIR=str(tmp_path / "board"))

    assert shown.returncode == 0, shown.stderr
    assert '"database_in_use": "the embedded PostgreSQL in ' in shown.stdout
    assert str(tmp_path / "board") in shown.stdout
    assert not (tmp_path / "board").exists()  # config starts nothing
