"""`jobboard admin ...` acts are audited as "cli" with the OS user who ran them, and
`jobboard admin audit` prints the log."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from adapters.container import Container
from application.queries.audit_log import ListAuditEntries
from board_story import verified_company

JOBBOARD = [sys.executable, "-m", "adapters.cli.main"]


async def _jobboard(database_url: str, *args: str, os_user: str = "ana") -> str:
    # getpass reads the login name from LOGNAME first, as a login shell sets it.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env.update(DATABASE_URL=database_url, LOGNAME=os_user)
    done = await asyncio.to_thread(
        subprocess.run,
        [*JOBBOARD, "admin", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout


async def test_a_key_made_on_the_command_line_has_its_name_and_its_making_is_audited(
    database_url: str, board: Container
) -> None:
    printed = await _jobboard(database_url, "create-key", "--name", "ops on-call")
    unnamed = await _jobboard(database_url, "create-key", os_user="bo")

    app = board.application()
    named_key = await app.authenticate(printed.strip())
    unnamed_key = await app.authenticate(unnamed.strip())
    assert named_key.name == "ops on-call"
    assert unnamed_key.name == "bo"  # no --name: named after who made it
    log = await app.queries.list_audit_entries(ListAuditEntries(actor="cli:ana"))
    (entry,) = [r.entry for r in log.items]
    assert (entry.act, entry.actor.kind.value, entry.actor.id) == ("issue_admin_key", "cli", "ana")
    assert entry.aggregate is not None
    assert entry.aggregate.id == named_key.key_id
    assert entry.details == {"name": "ops on-call"}


async def test_a_command_line_act_is_audited_as_cli_and_the_os_user(
    database_url: str, board: Container
) -> None:
    requirement_id = (
        await _jobboard(database_url, "add-requirement", "Elixir", "--kind", "skill")
    ).strip()

    printed: dict[str, Any] = json.loads(await _jobboard(database_url, "audit", "--actor", "cli"))

    assert [(e["act"], e["actor"], e["aggregate"]) for e in printed["items"]] == [
        (
            "add_requirement",
            {"kind": "cli", "id": "ana", "name": None},
            {"type": "requirement", "id": requirement_id},
        )
    ]
    assert printed["next_cursor"] is None


async def test_a_posting_imported_on_the_command_line_is_audited(
    database_url: str, board: Container, tmp_path: Path
) -> None:
    company_id = await verified_company(board.application(), "Acme Ltd")
    ad = tmp_path / "ad.txt"
    ad.write_text("Backend Engineer\n\nRequirements:\n- 3+ years of Go\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env.update(DATABASE_URL=database_url, LOGNAME="ana")
    done = await asyncio.to_thread(
        subprocess.run,
        [*JOBBOARD, "import-text", str(ad), "--company", "acme-ltd"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    posting_id = json.loads(done.stdout)["id"]

    log = await board.application().queries.list_audit_entries(ListAuditEntries(actor="cli:ana"))
    (entry,) = [r.entry for r in log.items]
    assert (entry.act, entry.actor.id) == ("import_posting_text", "ana")
    assert entry.aggregate is not None
    assert (entry.aggregate.type, str(entry.aggregate.id)) == ("posting", posting_id)
    assert entry.details == {"company_id": str(company_id)}
