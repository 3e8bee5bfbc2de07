"""The alert mailer killed mid-run (SIGKILL) loses no mail and doubles none.

A standalone mailer (``jobboard mailer``, a process of its own) sends one mail per match
to a real SMTP server in this process (aiosmtpd). The server holds the fifth mail's DATA
unanswered: the mailer has claimed that mail and waits for the server. Then it is killed
with SIGKILL, the server refuses the held mail (it never took it), and a new mailer is
started: it finds the mail claimed by the dead one, sends it, and sends the rest."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from application.alerts.commands import FollowAlertLink, RequestAlert
from application.alerts.links import alert_links
from application.queries.public_postings import PostingFilters
from board_story import published_posting, verified_company
from e2e_support import eventually
from figures import FIGURES

JOBBOARD = Path(sys.executable).parent / "jobboard"
ALERTS = 12
HELD = 5  # the mail the server holds while the mailer is killed


class HoldingInbox:
    def __init__(self) -> None:
        self.received: list[str] = []  # the To of each mail the server took
        self.held = threading.Event()
        self.release = threading.Event()
        self._seen = 0
        self._lock = threading.Lock()

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        with self._lock:
            self._seen += 1
            hold = self._seen == HELD
        if hold:
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "451 not taken"  # the mailer is dead by now: the mail was never taken
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.received.append(str(message["To"]))
        return "250 OK"


@pytest.fixture
def inbox() -> Iterator[tuple[HoldingInbox, int]]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = HoldingInbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        handler.release.set()
        controller.stop()


async def _scalar(engine: AsyncEngine, sql: str) -> int:
    async with engine.connect() as connection:
        value: int = await connection.scalar(text(sql))
        return value


async def test_a_mailer_killed_mid_send_loses_and_doubles_nothing(
    database_url: str, clean_database: AsyncEngine, inbox: tuple[HoldingInbox, int]
) -> None:
    handler, port = inbox
    engine = clean_database
    board = Container(settings=Settings(database_url=database_url), database_url=database_url)
    addresses = [f"reader{n}@example.com" for n in range(ALERTS)]
    try:
        key = await board.alert_signing_key().key()
        for address in addresses:
            state = await board.alerts().request(RequestAlert(address, PostingFilters(), "instant"))
            await board.alerts().confirm(FollowAlertLink(alert_links(key, state.alert_id).confirm))
        # The confirmations are owed already (sent before the match mails, as the outbox
        # orders them); the posting matches every alert.
        company = await verified_company(board.application(), "Mailer Kill Ltd")
        await published_posting(board.application(), company, "Kill Test Engineer")
        await board.projector().drain()
    finally:
        await release(board)

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOBBOARD_SMTP_HOST": "127.0.0.1",
        "JOBBOARD_SMTP_PORT": str(port),
        "JOBBOARD_SMTP_SECURITY": "none",
        "JOBBOARD_MAILER_POLL_SECONDS": "0.2",
    }
    mailer = await asyncio.create_subprocess_exec(str(JOBBOARD), "mailer", env=env)
    try:
        held = await asyncio.get_running_loop().run_in_executor(None, handler.held.wait, 60)
        assert held, "the mailer never reached the held mail"
    finally:
        mailer.kill()  # SIGKILL: no cleanup of any kind runs
        await mailer.wait()
    handler.release.set()
    assert await _scalar(engine, "SELECT count(*) FROM alert_mails WHERE status = 'sending'") == 1
    taken_before = len(handler.received)

    mailer = await asyncio.create_subprocess_exec(str(JOBBOARD), "mailer", env=env)
    try:
        await eventually(
            lambda: _scalar(
                engine, "SELECT count(*) FROM alert_mails WHERE status IN ('pending', 'sending')"
            ),
            lambda n: n == 0,
            60,
        )
    finally:
        mailer.send_signal(signal.SIGTERM)
        code = await mailer.wait()
    assert code == 0

    # Every address got its match exactly once (their confirmations were dropped: the
    # alerts were confirmed before the mailer came to them).
    assert sorted(handler.received) == sorted(addresses)
    assert await _scalar(engine, "SELECT count(*) FROM alert_mails WHERE status = 'sent'") == (
        ALERTS
    )
    FIGURES["mailer killed mid-send"] = (
        f"{taken_before} mails taken before the kill, 1 claimed and unsent; after restart "
        f"{len(handler.received)} of {ALERTS} taken, none twice"
    )
