"""`jobboard mailer` without an SMTP server configured says what it needs and fails."""

from __future__ import annotations

import os
import subprocess
import sys

JOBBOARD = [sys.executable, "-m", "adapters.cli.main"]


def test_the_mailer_without_an_smtp_host_says_what_it_needs_and_fails(database_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOBBOARD_SMTP")}
    env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [*JOBBOARD, "mailer"], env=env, capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 2
    assert "JOBBOARD_SMTP_HOST" in done.stderr
    assert "Traceback" not in done.stderr
