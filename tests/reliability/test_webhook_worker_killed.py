"""The webhook worker killed mid-send (SIGKILL) loses nothing: the restarted worker sends
what the killed one had claimed again, under the same webhook-id, after its lease, and
every event reaches the receiver at least once, in order per posting.

A standalone worker (``jobboard webhooks``, a process of its own) is stopped at the worst
moment deterministically: the receiver holds the requests it gets, so the worker has
claimed a batch (counted the attempts) and waits for answers it will never read."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from application.commands.company_status import VerifyCompany
from application.commands.posting_lifecycle import ClosePosting
from application.commands.register_company import RegisterCompany
from application.commands.webhooks import RegisterWebhook
from board_story import published_posting
from builders import AN_ADMIN
from e2e_support import eventually
from figures import FIGURES
from webhook_receiver import Receiver, event_ids, webhook_receiver

JOBBOARD = Path(sys.executable).parent / "jobboard"
POSTINGS = 12
PENDING = "SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'"
CLAIMED = "SELECT count(*) FROM webhook_deliveries WHERE attempts > 0 AND status = 'pending'"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with webhook_receiver() as receiver:
        yield receiver


async def _scalar(engine: AsyncEngine, sql: str) -> int:
    async with engine.connect() as connection:
        value: int = await connection.scalar(text(sql))
        return value


async def test_a_worker_killed_mid_send_loses_no_delivery(
    database_url: str, clean_database: AsyncEngine, receiver: Receiver
) -> None:
    engine = clean_database
    board = Container(
        settings=Settings(database_url=database_url, webhook_allowed_hosts=["127.0.0.1"]),
        database_url=database_url,
    )
    expected: list[str] = []
    try:
        app = board.application()
        company = (
            await app.commands.register_company(RegisterCompany("Killed Ltd", "GB"))
        ).company_id
        made = await board.webhooks().register(
            RegisterWebhook(company, receiver.url("/k"), ("posting.published", "posting.closed"))
        )
        receiver.secrets["/k"] = made.secret
        await app.commands.verify_company(VerifyCompany(company, actor=AN_ADMIN))
        for n in range(POSTINGS):
            posting = await published_posting(app, company, f"Posting {n}")
            expected.append(f"{posting.posting_id}:2")
            if n % 2 == 0:
                await app.commands.close_posting(ClosePosting(company, posting.posting_id))
                expected.append(f"{posting.posting_id}:3")
    finally:
        await release(board)

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOBBOARD_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
        "JOBBOARD_WEBHOOK_POLL_SECONDS": "0.1",
        "JOBBOARD_WEBHOOK_LEASE_SECONDS": "2",
        "JOBBOARD_WEBHOOK_TIMEOUT_SECONDS": "30",
        "JOBBOARD_WEBHOOK_RETRY_BASE_SECONDS": "0.1",
    }
    receiver.hold = asyncio.Event()
    worker = await asyncio.create_subprocess_exec(str(JOBBOARD), "webhooks", env=env)
    try:
        await eventually(lambda: asyncio.sleep(0, receiver), lambda r: r.waiting >= 1, 60)
    finally:
        worker.kill()  # SIGKILL: no cleanup of any kind runs
        await worker.wait()
    receiver.hold.set()
    claimed = await _scalar(engine, CLAIMED)
    assert claimed >= 1  # attempts counted, outcomes never written
    assert await _scalar(engine, PENDING) == len(expected)

    worker = await asyncio.create_subprocess_exec(str(JOBBOARD), "webhooks", env=env)
    try:
        await eventually(lambda: _scalar(engine, PENDING), lambda n: n == 0, 60)
    finally:
        worker.send_signal(signal.SIGTERM)
        code = await worker.wait()
    assert code == 0

    delivered = receiver.delivered("/k")
    ids = event_ids(delivered)
    assert set(ids) == set(expected)  # every event at least once
    for posting_id in {i.split(":")[0] for i in expected}:
        versions = [int(i.split(":")[1]) for i in ids if i.startswith(posting_id)]
        assert versions == sorted(versions), (posting_id, versions)
    by_event: dict[str, set[str]] = {}
    for received in delivered:
        by_event.setdefault(str(received.body["id"]), set()).add(received.webhook_id)
    assert all(len(webhook_ids) == 1 for webhook_ids in by_event.values())  # resent as itself
    assert receiver.bad_signatures == 0
    FIGURES["webhook worker killed mid-send"] = (
        f"{len(expected)} events, {claimed} claimed by the killed worker; "
        f"{len(delivered)} deliveries received ({len(delivered) - len(expected)} resent)"
    )
