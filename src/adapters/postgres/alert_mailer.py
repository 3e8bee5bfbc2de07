"""The alert mailer: turns outbox events into alert mails and sends them over SMTP.

It is fed by the outbox with its own position (``outbox.mailed_at``, per event as the
relay's ``relayed_at``), and takes an event only once the projector has applied it, so a
published posting is matched against the read model that makes it public. Three steps,
each its own transaction:

- intake: a batch of unmailed events; ``AlertRequested`` owes a confirmation mail, and
  ``PostingPublished`` (or ``PostingApproved``, out of review) is matched (percolation)
  into ``alert_matches`` (unique per alert and posting: a replay or a republish never
  matches twice) and, for instant alerts, one mail a match. The matches, the mails and
  the events' position are written in one transaction: intake is exactly once.
- digests: each confirmed daily alert with undigested matches, a day after its last
  digest (or its confirmation), gets one digest mail carrying them all.
- sending: one mail row at a time, a state machine: ``pending`` -> claimed (``sending``,
  committed) -> handed to the SMTP server -> ``sent`` (committed). A failure goes back to
  ``pending`` with a backoff (``failed`` after the last attempt, or at once on a
  permanent refusal); a mail with nothing left to say (its alert was confirmed or ended
  meanwhile, its posting is no longer public) is ``dropped``.

One mailer runs at a time (a session advisory lock), so a ``sending`` row found at start
was claimed by a mailer that died: it is sent again. That is the at-least-once edge: a
mailer killed after the SMTP server took a mail and before its ``sent`` commit sends that
one mail twice, with the same Message-ID (receivers may drop the copy). Nothing is lost:
a mail is only ever marked sent after the server took it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta
from typing import Any, Protocol

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.alert_repository import saved_search_from_json
from adapters.postgres.projector import OUTBOX_CHANNEL
from application.alerts.commands import ExpireUnconfirmedAlerts, ExpireUnconfirmedAlertsHandler
from application.alerts.links import AlertSigningKey, alert_links
from application.alerts.mails import (
    AlertMailContext,
    MailedPosting,
    confirmation_mail,
    describe,
    digest_mail,
    posting_mail,
)
from application.alerts.matching import MatchPublishedPosting
from application.alerts.ports import MailDeliveryFailed, MailMessage, MailSender
from application.ports import Clock

log = logging.getLogger(__name__)

MAILER_LOCK = 0x6A6F626D61696C72  # "jobmailr"

_TAKE = (
    "SELECT id, event_type, aggregate_id FROM outbox"
    " WHERE mailed_at IS NULL AND projected_at IS NOT NULL ORDER BY id LIMIT {n}"
)
_MARK = text("UPDATE outbox SET mailed_at = now() WHERE id = ANY(CAST(:ids AS bigint[]))")
# The events that put a posting on the public board: matched against the alerts.
GOING_PUBLIC = frozenset({"PostingPublished", "PostingApproved"})

_CONFIRMATIONS = text(
    "INSERT INTO alert_mails (alert_id, kind) SELECT a.id, 'confirm' FROM alerts a"
    " WHERE a.id = ANY(CAST(:ids AS uuid[])) AND a.status = 'pending'"
)
_MATCHES = text(
    "WITH new AS ("
    " INSERT INTO alert_matches (alert_id, posting_id, matched_at)"
    " SELECT unnest(CAST(:alerts AS uuid[])), CAST(:posting AS uuid), :now"
    " ON CONFLICT DO NOTHING RETURNING alert_id)"
    " INSERT INTO alert_mails (alert_id, kind, posting_id)"
    " SELECT a.id, 'instant', CAST(:posting AS uuid) FROM new JOIN alerts a ON a.id = new.alert_id"
    " WHERE a.frequency = 'instant' AND a.status = 'confirmed'"
)
_DIGESTS = text(
    "WITH due AS ("
    " SELECT a.id FROM alerts a WHERE a.status = 'confirmed' AND a.frequency = 'daily'"
    " AND coalesce(a.last_digest_at, a.confirmed_at) <= :cutoff"
    " AND EXISTS (SELECT 1 FROM alert_matches m WHERE m.alert_id = a.id AND m.mail_id IS NULL)"
    " FOR UPDATE),"
    " mails AS (INSERT INTO alert_mails (alert_id, kind) SELECT id, 'digest' FROM due"
    " RETURNING id, alert_id),"
    " tagged AS (UPDATE alert_matches m SET mail_id = mails.id FROM mails"
    " WHERE m.alert_id = mails.alert_id AND m.mail_id IS NULL),"
    " stamped AS (UPDATE alerts a SET last_digest_at = :now FROM mails"
    " WHERE a.id = mails.alert_id)"
    " SELECT count(*) FROM mails"
)
_RECOVER = text("UPDATE alert_mails SET status = 'pending' WHERE status = 'sending'")
_CLAIM = text(
    "UPDATE alert_mails SET status = 'sending', claimed_at = now(), attempts = attempts + 1"
    " WHERE id = (SELECT id FROM alert_mails WHERE status = 'pending' AND next_attempt_at <= now()"
    " ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)"
    " RETURNING id, alert_id, kind, posting_id, attempts"
)
_ALERT = text("SELECT email, filters, status FROM alerts WHERE id = :id")
_POSTING = text("SELECT id, title, company_name FROM public_postings WHERE id = :id")
_DIGESTED = text(
    "SELECT p.id, p.title, p.company_name FROM alert_matches m"
    " JOIN public_postings p ON p.id = m.posting_id"
    " WHERE m.mail_id = :mail ORDER BY p.published_at, p.id"
)
_SENT = text("UPDATE alert_mails SET status = 'sent', sent_at = now() WHERE id = :id")
_RETRY = text(
    "UPDATE alert_mails SET status = :status, last_error = :error,"
    " next_attempt_at = now() + make_interval(secs => :delay)"
    " WHERE id = :id"
)
BACKLOG = (
    "SELECT (SELECT count(*) FROM outbox WHERE mailed_at IS NULL)"
    " + (SELECT count(*) FROM alert_mails WHERE status IN ('pending', 'sending'))"
)


class MailerObserver(Protocol):
    def sent(self, kind: str) -> None: ...

    def failed(self, kind: str) -> None: ...


class AlertMailer:
    def __init__(
        self,
        engine: AsyncEngine,
        sender: MailSender,
        match: MatchPublishedPosting,
        expire: ExpireUnconfirmedAlertsHandler,
        key: AlertSigningKey,
        clock: Clock,
        base_url: str,
        listen_dsn: str | None = None,
        batch_size: int = 200,
        poll_interval: float = 2.0,
        max_attempts: int = 8,
        backoff_seconds: float = 30.0,
        digest_interval: timedelta = timedelta(days=1),
        observer: MailerObserver | None = None,
    ) -> None:
        self._engine, self._sender, self._match, self._expire = engine, sender, match, expire
        self._key, self._clock, self._base_url = key, clock, base_url.rstrip("/")
        self._listen_dsn, self._poll_interval = listen_dsn, poll_interval
        self._take = text(_TAKE.format(n=int(batch_size)))
        self._batch_size = batch_size
        self._max_attempts, self._backoff = max_attempts, backoff_seconds
        self._digest_interval, self._observer = digest_interval, observer

    # ---- intake ----------------------------------------------------------------------

    async def intake_once(self) -> int:
        """Take one batch of unmailed, projected events; answers how many were taken."""
        async with self._engine.connect() as connection:
            rows = (await connection.execute(self._take)).all()
        if not rows:
            return 0
        now = self._clock.now()
        requested = [r[2] for r in rows if r[1] == "AlertRequested"]
        # Matching only reads; what it found is written with the events' position below.
        matches = [await self._match(r[2], now) for r in rows if r[1] in GOING_PUBLIC]
        async with self._engine.begin() as connection:
            if requested:
                await connection.execute(_CONFIRMATIONS, {"ids": requested})
            for found in matches:
                if found.alert_ids:
                    await connection.execute(
                        _MATCHES,
                        {"alerts": list(found.alert_ids), "posting": found.posting_id, "now": now},
                    )
            await connection.execute(_MARK, {"ids": [r[0] for r in rows]})
        return len(rows)

    async def digest_once(self) -> int:
        now = self._clock.now()
        async with self._engine.begin() as connection:
            made = await connection.execute(
                _DIGESTS, {"now": now, "cutoff": now - self._digest_interval}
            )
            return int(made.scalar_one())

    # ---- sending ---------------------------------------------------------------------

    async def recover(self) -> int:
        """Mails a dead mailer had claimed go back to pending (call with the lock held)."""
        async with self._engine.begin() as connection:
            result: Any = await connection.execute(_RECOVER)
            return int(result.rowcount)

    async def send_once(self) -> bool:
        """Claim, send and mark one due mail; False when none is due."""
        async with self._engine.begin() as connection:
            claimed = (await connection.execute(_CLAIM)).first()
        if claimed is None:
            return False
        # Due by the database's time (retries wait real time); matching, digests and
        # expiry go by the board's clock.
        mail_id, alert_id, kind, posting_id, attempts = claimed
        message = await self._compose(mail_id, alert_id, kind, posting_id)
        if message is None:  # confirmed or ended meanwhile, or the posting is gone
            await self._settle(mail_id, "dropped", 0.0, "nothing to send any more")
            return True
        try:
            await self._sender.send(message)
        except MailDeliveryFailed as error:
            final = error.permanent or attempts >= self._max_attempts
            delay = self._backoff * 2 ** (attempts - 1)
            await self._settle(mail_id, "failed" if final else "pending", delay, str(error))
            log.warning("alert mail %d not sent (attempt %d): %s", mail_id, attempts, error)
            if self._observer is not None:
                self._observer.failed(kind)
            return True
        async with self._engine.begin() as connection:
            await connection.execute(_SENT, {"id": mail_id})
        if self._observer is not None:
            self._observer.sent(kind)
        return True

    async def _settle(self, mail_id: int, status: str, delay: float, error: str) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                _RETRY,
                {
                    "id": mail_id,
                    "status": status,
                    "delay": delay,
                    "error": error[:200],
                },
            )

    async def _compose(
        self, mail_id: int, alert_id: Any, kind: str, posting_id: Any
    ) -> MailMessage | None:
        async with self._engine.connect() as connection:
            alert = (await connection.execute(_ALERT, {"id": alert_id})).first()
            if alert is None:
                return None
            email, filters, status = alert
            context = AlertMailContext(
                mail_id, email, alert_links(await self._key.key(), alert_id), self._base_url
            )
            if kind == "confirm":
                if status != "pending":
                    return None
                return confirmation_mail(context, describe(saved_search_from_json(filters).filters))
            if status != "confirmed":
                return None
            if kind == "instant":
                row = (await connection.execute(_POSTING, {"id": posting_id})).first()
                return posting_mail(context, MailedPosting(*row)) if row else None
            rows = (await connection.execute(_DIGESTED, {"mail": mail_id})).all()
            return digest_mail(context, [MailedPosting(*r) for r in rows]) if rows else None

    # ---- the loop --------------------------------------------------------------------

    async def work(self, stop: asyncio.Event | None = None) -> None:
        """One round: expire, take every event in, make the digests due, send what is due."""
        await self._expire(ExpireUnconfirmedAlerts())
        while await self.intake_once() == self._batch_size:
            if stop is not None and stop.is_set():
                return
        await self.digest_once()
        while await self.send_once():
            if stop is not None and stop.is_set():
                return

    async def backlog(self) -> int:
        async with self._engine.connect() as connection:
            return int((await connection.execute(text(BACKLOG))).scalar_one())

    async def run(self, stop: asyncio.Event) -> None:
        """Mail until ``stop`` is set. Waits for the mailer's lock first (one mailer at a
        time), then works a round on each NOTIFY of the outbox or each poll interval."""
        async with self._engine.connect() as holder:
            while not stop.is_set():
                locked = await holder.scalar(
                    text("SELECT pg_try_advisory_lock(:k)"), {"k": MAILER_LOCK}
                )
                await holder.commit()
                if locked:
                    break
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._poll_interval)
            if stop.is_set():
                return
            await self.recover()
            wake = asyncio.Event()
            listener = await self._listen(wake)
            try:
                while not stop.is_set():
                    wake.clear()
                    try:
                        await self.work(stop)
                    except Exception as error:  # the database or the SMTP server restarting
                        log.warning("alert mailer round failed; retrying: %s", type(error).__name__)
                    waiters = {
                        asyncio.ensure_future(wake.wait()),
                        asyncio.ensure_future(stop.wait()),
                    }
                    _, pending = await asyncio.wait(
                        waiters, timeout=self._poll_interval, return_when=asyncio.FIRST_COMPLETED
                    )
                    for waiter in pending:
                        waiter.cancel()
            finally:
                if listener is not None:
                    with contextlib.suppress(Exception):
                        await listener.close()

    async def _listen(self, wake: asyncio.Event) -> asyncpg.Connection | None:
        if self._listen_dsn is None:
            return None
        try:
            connection = await asyncpg.connect(self._listen_dsn)
            await connection.add_listener(OUTBOX_CHANNEL, lambda *_: wake.set())
        except (OSError, asyncpg.PostgresError):
            log.warning("alert mailer cannot LISTEN; polling only", exc_info=True)
            return None
        return connection
