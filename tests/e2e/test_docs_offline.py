"""The interactive docs render their operations in a real browser with no internet.

Headless Chromium loads /schema from a served board, every address but the
board's own sent to a proxy that does not exist (as on a machine offline),
and the rendered page must list the API's operations. A page that loads its
script from a CDN renders nothing here.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.settings import Settings
from served_board import empty_board, served

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def board_url(database_url: str) -> Iterator[str]:
    empty_board(database_url)
    with served(Settings(database_url=database_url), database_url) as base_url:
        yield base_url


def _rendered(url: str, profile: Path) -> str:
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",  # tests run as root on CI machines
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={profile}",
            # Offline: anything not on loopback goes to a proxy nobody listens on.
            "--proxy-server=http://127.0.0.1:9",
            "--virtual-time-budget=15000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent: install Debian's chromium (.ci/run does) to run it",
)
def test_the_docs_page_renders_the_operations_offline(board_url: str, tmp_path: Path) -> None:
    assert shutil.which(str(CHROMIUM))

    page = _rendered(f"{board_url}/schema", tmp_path / "profile")

    for operation_id in ("searchPostings", "signUpCompany", "draftPosting", "revisePosting"):
        assert operation_id in page, page[:2000]
    assert "Search public postings" in page  # a summary, as Swagger UI lays it out
    assert "Authorize" in page  # the bearer scheme gives the docs their key button
