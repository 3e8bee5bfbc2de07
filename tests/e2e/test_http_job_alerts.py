"""Job alerts over HTTP, mailed through a real SMTP server in process (aiosmtpd): an alert
confirmed, matched, sent once and unsubscribed by the List-Unsubscribe-Post one-click; a
daily digest; an unconfirmed alert sends nothing; bad filters answer as the search does."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from aiosmtpd.controller import Controller
from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from e2e.board import Employer, draft, publish, published, until_public, verified_employer
from e2e_support import admin_bearer, board_client, eventually
from fakes import FixedClock
from near_duplicate_texts import busuu


class Inbox:
    """What the SMTP server received, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
async def mailing(
    database_url: str, clean_database: AsyncEngine, inbox: tuple[Inbox, int], clock: FixedClock
) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        projector_poll_seconds=0.2,
        smtp_host="127.0.0.1",
        smtp_port=inbox[1],
        smtp_security="none",
        smtp_from="jobboard <alerts@jobs.example>",
        public_base_url="https://jobs.example",
    )
    container = Container(settings=settings, database_url=database_url)
    container.clock.override(providers.Object(clock))
    yield container
    await release(container)


@pytest.fixture
async def client(mailing: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with board_client(mailing) as client:
        yield client


async def _employer(client: httpx.AsyncClient, mailing: Container, name: str) -> Employer:
    return await verified_employer(client, await admin_bearer(mailing), name)


async def _publish(
    client: httpx.AsyncClient, mailing: Container, employer: Employer, **fields: Any
) -> str:
    posting_id = await published(client, employer, **fields)
    await until_public(client, posting_id)
    await mailing.projector().drain()  # every event applied, so the mailer may take them
    return posting_id


def _token(link: str) -> str:
    match = re.search(r"token=([A-Za-z0-9_-]+)", link)
    assert match is not None, link
    return match.group(1)


def _body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


KOTLIN_IN_BERLIN: dict[str, Any] = {
    "title": "Kotlin Engineer",
    "locations": [{"country": "DE", "city": "Berlin"}],
}


async def test_an_alert_is_confirmed_matched_sent_once_and_unsubscribed_in_one_click(
    client: httpx.AsyncClient, mailing: Container, inbox: tuple[Inbox, int]
) -> None:
    received, _ = inbox
    address = "ann@candidates.example"
    employer = await _employer(client, mailing, "Alert Works")
    asked = await client.post(
        "/v1/alerts",
        json={
            "email": address,
            "frequency": "instant",
            "filters": {"q": "kotlin", "country": ["DE"]},
        },
    )
    assert asked.status_code == 202, asked.text
    assert asked.json()["status"] == "pending"
    assert address not in asked.text

    # Unconfirmed: a matching posting sends nothing but the confirmation.
    await _publish(client, mailing, employer, **KOTLIN_IN_BERLIN)
    await mailing.mailer().work()
    (confirmation,) = received.to(address)
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm_link = re.search(
        r"https://jobs\.example/v1/alerts/confirm\?token=\S+", _body(confirmation)
    )
    assert confirm_link is not None

    page = await client.get(f"/v1/alerts/confirm?token={_token(confirm_link.group(0))}")
    assert page.status_code == 200 and "Confirm" in page.text  # a GET confirms nothing
    confirmed = await client.post(f"/v1/alerts/confirm?token={_token(confirm_link.group(0))}")
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"

    # Confirmed: a matching posting is mailed once; one in another country is not.
    await _publish(
        client,
        mailing,
        employer,
        title="Kotlin Developer",
        **{"locations": [{"country": "DE", "city": "Hamburg"}]},
    )
    await _publish(client, mailing, employer, title="Kotlin Lead")  # in London
    await mailing.mailer().work()
    await mailing.mailer().work()
    matched = received.to(address)[1:]
    assert [m["Subject"] for m in matched] == ["New job: Kotlin Developer"]
    unsubscribe = matched[0]["List-Unsubscribe"].strip("<>")
    assert urlsplit(unsubscribe).netloc == "jobs.example"

    # One-click: what a mail client POSTs (RFC 8058).
    clicked = await client.post(
        urlsplit(unsubscribe).path + "?" + urlsplit(unsubscribe).query,
        content="List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert clicked.status_code == 200, clicked.text
    assert clicked.json()["status"] == "unsubscribed"
    await _publish(
        client,
        mailing,
        employer,
        title="Kotlin Architect",
        **{"locations": [{"country": "DE", "city": "Munich"}]},
    )
    await mailing.mailer().work()
    assert len(received.to(address)) == 2


async def test_a_daily_alert_sends_one_digest_of_the_days_matches(
    client: httpx.AsyncClient, mailing: Container, inbox: tuple[Inbox, int], clock: FixedClock
) -> None:
    received, _ = inbox
    address = "bo@candidates.example"
    employer = await _employer(client, mailing, "Digest Works")
    asked = await client.post(
        "/v1/alerts",
        json={"email": address, "frequency": "daily", "filters": {"requirement": ["Python"]}},
    )
    assert asked.status_code == 202, asked.text
    await mailing.mailer().work()
    (confirmation,) = received.to(address)
    token = _token(_body(confirmation).split("/v1/alerts/confirm?", 1)[1])
    assert (await client.post(f"/v1/alerts/confirm?token={token}")).status_code == 200

    await _publish(client, mailing, employer, title="Python Engineer")
    await _publish(client, mailing, employer, title="Python Lead")
    await mailing.mailer().work()
    assert len(received.to(address)) == 1  # the day is not over: no digest yet

    clock.advance(timedelta(days=1))
    await mailing.mailer().work()
    await mailing.mailer().work()
    digests = received.to(address)[1:]
    assert [m["Subject"] for m in digests] == ["Your job alert: 2 new postings"]
    assert "Python Engineer" in _body(digests[0]) and "Python Lead" in _body(digests[0])


async def test_an_alert_nobody_confirms_expires_and_sends_nothing(
    client: httpx.AsyncClient, mailing: Container, inbox: tuple[Inbox, int], clock: FixedClock
) -> None:
    received, _ = inbox
    employer = await _employer(client, mailing, "Quiet Works")
    asked = await client.post(
        "/v1/alerts", json={"email": "cy@candidates.example", "filters": {"q": "kotlin"}}
    )
    assert asked.status_code == 202
    await mailing.mailer().work()
    (confirmation,) = received.messages
    clock.advance(timedelta(hours=48))
    await _publish(client, mailing, employer, **KOTLIN_IN_BERLIN)
    await mailing.mailer().work()
    assert len(received.messages) == 1
    token = _token(_body(confirmation).split("/v1/alerts/confirm?", 1)[1])
    late = await client.post(f"/v1/alerts/confirm?token={token}")
    assert late.status_code == 409, late.text


@pytest.mark.parametrize(
    ("filters", "status"),
    [({"country": ["XX"]}, 400), ({"salary_min": "lots"}, 400), ({"sort": "newest"}, 422)],
)
async def test_bad_filters_answer_as_the_search_does(
    client: httpx.AsyncClient, filters: dict[str, Any], status: int
) -> None:
    answer = await client.post(
        "/v1/alerts", json={"email": "dee@candidates.example", "filters": filters}
    )
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    if status == 400:
        query = "&".join(f"{k}={v[0] if isinstance(v, list) else v}" for k, v in filters.items())
        search = await client.get(f"/v1/postings?{query}")
        assert search.status_code == 400
        assert search.json()["errors"] == answer.json()["errors"]


async def test_a_bad_address_or_token_answers_a_problem(client: httpx.AsyncClient) -> None:
    answer = await client.post("/v1/alerts", json={"email": "not-an-address"})
    assert answer.status_code == 422, answer.text
    assert "email" in answer.text
    assert (await client.post("/v1/alerts/unsubscribe?token=nope")).status_code == 404


class RefusingOnce(Inbox):
    """Answers the first DATA with ``code`` (a 4xx: try later; a 5xx: never), then takes
    mail. Its answer quotes the address, as real servers do."""

    def __init__(self, code: int) -> None:
        super().__init__()
        self.code, self.refused = code, 0

    async def handle_DATA(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        if not self.refused:
            self.refused += 1
            return f"{self.code} mailbox {envelope.rcpt_tos[0]} busy"
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.parametrize(("code", "arrives"), [(451, True), (550, False)])
async def test_a_refused_mail_is_retried_with_backoff_unless_refused_for_good(
    database_url: str,
    clean_database: AsyncEngine,
    code: int,
    arrives: bool,
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler = RefusingOnce(code)
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        mailer_backoff_seconds=0.2,
    )
    container = Container(settings=settings, database_url=database_url)
    address = "retry.person@candidates.example"
    try:
        async with board_client(container) as client:
            asked = await client.post("/v1/alerts", json={"email": address})
            assert asked.status_code == 202
            await container.projector().drain()
            await container.mailer().work()
            assert handler.messages == [] and handler.refused == 1

            async def due() -> int:
                async with clean_database.connect() as connection:
                    return int(
                        await connection.scalar(
                            text(
                                "SELECT count(*) FROM alert_mails WHERE status = 'pending'"
                                " AND next_attempt_at <= now()"
                            )
                        )
                    )

            if arrives:
                # Not at once: the retry waits out its backoff, then goes.
                assert await due() == 0
                await eventually(due, lambda n: n == 1, 10)
                await container.mailer().work()
                assert [m["To"] for m in handler.messages] == [address]
            else:
                async with clean_database.connect() as connection:
                    status = await connection.scalar(text("SELECT status FROM alert_mails"))
                assert status == "failed"
            metrics = await client.get("/metrics")
            assert "jobboard_mailer_backlog" in metrics.text
            assert "jobboard_alert_mail_failures_total" in metrics.text
            assert address not in metrics.text
    finally:
        await release(container)
        controller.stop()
    assert address not in caplog.text  # the SMTP answer quoted it; the log does not


async def test_a_posting_approved_out_of_review_is_matched_when_it_goes_public(
    client: httpx.AsyncClient, mailing: Container, inbox: tuple[Inbox, int]
) -> None:
    # Another company's copy of an ad waits for review (decision 021): while it does, the
    # alert owes nothing; once an admin approves it, it is public and mailed, once.
    received, _ = inbox
    address = "cy@candidates.example"
    admin = await admin_bearer(mailing)
    original = await _employer(client, mailing, "Busuu")
    copier = await _employer(client, mailing, "Busuu Careers Worldwide")
    asked = await client.post(
        "/v1/alerts",
        json={"email": address, "frequency": "instant", "filters": {"company": copier.slug}},
    )
    assert asked.status_code == 202, asked.text
    await mailing.mailer().work()
    (confirmation,) = received.to(address)
    token = _token(_body(confirmation).split("/v1/alerts/confirm?", 1)[1])
    assert (await client.post(f"/v1/alerts/confirm?token={token}")).status_code == 200
    await _publish(client, mailing, original, title="Product Designer", description=busuu())

    copy = (await draft(client, copier, title="Product Designer", description=busuu())).json()["id"]
    held = await publish(client, copier, copy)
    assert held.status_code == 200 and held.json()["status"] == "in_review", held.text
    await mailing.projector().drain()
    await mailing.mailer().work()
    assert len(received.to(address)) == 1  # the confirmation only

    approved = await client.post(f"/v1/admin/postings/{copy}/approve", headers=admin)
    assert approved.status_code == 200, approved.text
    await until_public(client, copy)
    await mailing.projector().drain()
    await mailing.mailer().work()
    await mailing.mailer().work()
    mails = received.to(address)[1:]
    assert len(mails) == 1
    assert f"/postings/{copy}" in _body(mails[0])
