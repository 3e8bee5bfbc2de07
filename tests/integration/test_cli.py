"""The `jobboard` command as a user runs it: a real process, a real database."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from uuid import UUID

import httpx
import pytest

from adapters import serving
from adapters.container import Container
from application.queries.employer_views import GetOwnPosting
from application.queries.public_postings import ListPublicPostings
from board_story import published_posting, verified_company
from domain.ids import PostingId
from e2e_support import eventually
from operability_support import log_lines

JOBBOARD = [sys.executable, "-m", "adapters.cli.main"]


def _environment(**overrides: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


Serve = Callable[[dict[str, str]], tuple[subprocess.Popen[bytes], int]]


@pytest.fixture
def serve() -> Iterator[Serve]:
    """Starts `jobboard serve` on a free port; stops it with SIGTERM, as a process manager would."""
    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
        port = _free_port()
        started.append(subprocess.Popen([*JOBBOARD, "serve", "--port", str(port)], env=env))
        return started[-1], port

    yield start
    for process in started:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) in (0, -signal.SIGTERM)


async def _ready(port: int, process: subprocess.Popen[bytes], within: float = 60) -> int:
    deadline = asyncio.get_running_loop().time() + within
    async with httpx.AsyncClient() as client:
        while asyncio.get_running_loop().time() < deadline:
            if process.poll() is not None:
                raise AssertionError(f"serve exited with {process.returncode}")
            try:
                status = (await client.get(f"http://127.0.0.1:{port}/ready")).status_code
                if status == 200:
                    return status
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"/ready did not answer 200 within {within}s")


async def test_create_key_prints_an_admin_key_that_the_board_accepts(
    database_url: str, board: Container
) -> None:
    done = await asyncio.to_thread(
        subprocess.run,
        [*JOBBOARD, "admin", "create-key"],
        env=_environment(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("jba_")
    principal = await board.application().authenticate(lines[0])
    assert principal.audience.value == "admin"


async def test_an_admin_command_prints_its_output_and_one_line_naming_its_database(
    database_url: str, board: Container
) -> None:
    done = await asyncio.to_thread(
        subprocess.run,
        [*JOBBOARD, "admin", "expire-postings"],
        env=_environment(DATABASE_URL=database_url, JOBBOARD_LOG_FORMAT="json"),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert done.stdout == "expired 0\n"
    (line,) = done.stderr.splitlines()
    assert line.startswith("using DATABASE_URL postgresql")
    assert line.endswith(database_url.rsplit("/", 1)[1])


@pytest.mark.parametrize(
    ("asked", "env"),
    [(["-v"], {}), ([], {"JOBBOARD_LOG_LEVEL": "INFO"})],
    ids=["--verbose", "JOBBOARD_LOG_LEVEL"],
)
async def test_a_command_asked_for_its_logs_prints_them(
    database_url: str, board: Container, asked: list[str], env: dict[str, str]
) -> None:
    done = await asyncio.to_thread(
        subprocess.run,
        [*JOBBOARD, *asked, "migrate"],
        env=_environment(DATABASE_URL=database_url, JOBBOARD_LOG_FORMAT="json", **env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    loggers = {record.get("logger") for record in log_lines(done.stderr)}
    assert "alembic.runtime.migration" in loggers
    assert done.stdout == "database schema is up to date\n"


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (
            ["admin", "add-requirement"],
            [
                "Add an active entry to the requirement catalogue",
                "{skill,language,certification,degree,experience}",
                "the entry's canonical name",
            ],
        ),
        (["serve"], ["Serve the HTTP API", "else 8000", "else 127.0.0.1"]),
        (["seed"], ["(default: ", "seeds)"]),
        (["admin", "suspend-company"], ["the company's id", "--reason REASON", "why the company"]),
        (["admin", "create-key"], ["shown this once", "--create"]),
    ],
    ids=["add-requirement", "serve", "seed", "suspend-company", "create-key"],
)
def test_a_commands_help_describes_it_its_defaults_and_allowed_values(
    command: list[str], shown: list[str]
) -> None:
    done = subprocess.run(
        [*JOBBOARD, *command, "--help"],
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )

    for text in shown:
        assert text in " ".join(done.stdout.split()), done.stdout


def test_an_admin_command_reports_a_domain_error_and_fails(database_url: str) -> None:
    done = subprocess.run(
        [*JOBBOARD, "admin", "verify-company", "00000000-0000-0000-0000-000000000001"],
        env=_environment(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 1
    assert "not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_config_masks_the_database_password() -> None:
    done = subprocess.run(
        [*JOBBOARD, "config"],
        env=_environment(DATABASE_URL="postgresql://board:s3cret@db.example/jobs"),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )

    assert "s3cret" not in done.stdout
    assert "board:***@db.example/jobs" in done.stdout


async def test_serve_answers_ready_on_the_configured_database(
    database_url: str, serve: Serve
) -> None:
    process, port = serve(_environment(DATABASE_URL=database_url))

    assert await _ready(port, process) == 200


async def test_serve_without_a_database_url_starts_an_embedded_postgresql(
    tmp_path: Path, serve: Serve
) -> None:
    data_dir = tmp_path / "board"
    process, port = serve(_environment(JOBBOARD_DATA_DIR=str(data_dir)))

    assert await _ready(port, process) == 200
    assert (data_dir / "PG_VERSION").exists()


async def test_the_standalone_projector_projects_and_stops_on_sigterm(
    database_url: str, board: Container
) -> None:
    process = await asyncio.create_subprocess_exec(
        *JOBBOARD,
        "projector",
        env=_environment(
            DATABASE_URL=database_url,
            JOBBOARD_PROJECTOR_POLL_SECONDS="0.2",
            JOBBOARD_PROJECTOR_NICE="7",  # above the test's own: any user may take it
        ),
    )
    try:
        published = await published_posting(board.application())

        async def public_ids() -> list[str]:
            page = await board.application().queries.list_public_postings(ListPublicPostings())
            return [str(item.posting_id) for item in page.items]

        await eventually(public_ids, lambda ids: str(published.posting_id) in ids, within=30)
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == 7
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), 30)
    assert returncode == 0


def test_a_projector_refused_its_priority_says_so_and_runs_on(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(which: int, who: int, value: int) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "setpriority", refuse)
    with caplog.at_level(logging.WARNING, logger=serving.__name__):
        serving.take_priority(-10)
    assert "could not take nice -10" in caplog.text


async def test_import_text_drafts_a_posting_for_the_named_company(
    database_url: str, board: Container, tmp_path: Path
) -> None:
    company_id = await verified_company(board.application(), "Acme Ltd")
    ad = tmp_path / "ad.txt"
    ad.write_text("Backend Engineer\n\nRequirements:\n- 3+ years of Go\n\nPay: $50/hour\n")

    done = await asyncio.to_thread(
        subprocess.run,
        [*JOBBOARD, "import-text", str(ad), "--company", "acme-ltd"],
        env=_environment(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 0, done.stderr
    posting_id = json.loads(done.stdout)["id"]
    draft = await board.application().queries.get_own_posting(
        GetOwnPosting(company_id, PostingId(UUID(posting_id)))
    )
    assert (draft.title, draft.status) == ("Backend Engineer", "draft")
    assert draft.salary is not None
    assert (draft.salary.currency, draft.salary.period) == ("USD", "hour")


async def test_import_text_names_an_unknown_company(database_url: str, tmp_path: Path) -> None:
    ad = tmp_path / "ad.txt"
    ad.write_text("Backend Engineer\n")

    done = await asyncio.to_thread(
        subprocess.run,
        [*JOBBOARD, "import-text", str(ad), "--company", "nobody"],
        env=_environment(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 1
    assert "nobody" in done.stderr


def test_the_relay_without_a_nats_url_says_what_it_needs_and_fails(database_url: str) -> None:
    done = subprocess.run(
        [*JOBBOARD, "relay"],
        env=_environment(DATABASE_URL=database_url, JOBBOARD_NATS_URL=None),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 2
    assert "JOBBOARD_NATS_URL" in done.stderr
    assert "Traceback" not in done.stderr
