"""`jobboard webhooks`: it makes a key for the secrets, and will not run without one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

JOBBOARD = Path(sys.executable).parent / "jobboard"


def test_new_key_prints_a_fernet_key_that_seals_and_opens() -> None:
    done = subprocess.run(
        [str(JOBBOARD), "webhooks", "--new-key"], capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr
    key = done.stdout.strip()
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"whsec_x")) == b"whsec_x"


def test_the_worker_refuses_to_start_without_a_key(database_url: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "JOBBOARD_WEBHOOK_SECRET_KEY"}
    env["DATABASE_URL"] = database_url

    done = subprocess.run(
        [str(JOBBOARD), "webhooks"], capture_output=True, text=True, timeout=60, env=env
    )

    assert done.returncode == 2
    assert "JOBBOARD_WEBHOOK_SECRET_KEY" in done.stderr
