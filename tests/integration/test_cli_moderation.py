"""The `jobboard admin` twins of the moderation routes: the queue, reject, approve, a
posting's reports and dismissing one, each act audited as "cli" and the OS user."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys

from adapters.container import Container
from application.commands.moderation import ReportPosting
from application.queries.audit_log import ListAuditEntries
from board_story import published_posting, verified_company
from domain.posting import PostingStatus

JOBBOARD = [sys.executable, "-m", "adapters.cli.main"]


async def _jobboard(database_url: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env.update(DATABASE_URL=database_url, LOGNAME="ana")
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


async def test_an_admin_moderates_from_the_command_line(
    database_url: str, board: Container
) -> None:
    app = board.application()
    company_id = await verified_company(app)
    posting_id = (await published_posting(app, company_id)).posting_id
    for n in range(3):  # the default threshold: back to review
        await app.commands.report_posting(ReportPosting(posting_id, "scam", None, f"192.0.2.{n}"))

    queue = json.loads(await _jobboard(database_url, "moderation-queue"))
    reports = json.loads(await _jobboard(database_url, "posting-reports", str(posting_id)))
    await _jobboard(database_url, "dismiss-report", reports[0]["id"], "--note", "a real job")
    await _jobboard(
        database_url, "reject-posting", str(posting_id), "--reason", "scam", "--note", "a fee"
    )

    assert [(i["posting_id"], i["reasons"]) for i in queue["items"]] == [
        (str(posting_id), ["reported"])
    ]
    assert [r["status"] for r in reports] == ["open", "open", "open"]
    async with board.unit_of_work() as uow:
        posting = await uow.postings.get(posting_id)
        assert posting.status is PostingStatus.REJECTED
        assert [r.status.value for r in await uow.reports.list_for_posting(posting_id)] == [
            "dismissed",
            "open",
            "open",
        ]
    log = await app.queries.list_audit_entries(ListAuditEntries(actor="cli:ana"))
    assert [(r.entry.act, r.entry.reason) for r in reversed(log.items)] == [
        ("dismiss_report", "a real job"),
        ("reject_posting", "a fee"),
    ]
