"""The webhook worker on PostgreSQL against a real receiver on 127.0.0.1: fan-out to the
subscribed endpoints only, Standard Webhooks signatures, retries under the same
webhook-id, order per posting, 410 and a day of failures disabling the endpoint, and the
SSRF guard at send time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from uuid import UUID

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.webhooks.sender import HttpSender
from application.commands.company_status import SuspendCompany, VerifyCompany
from application.commands.posting_lifecycle import ClosePosting
from application.commands.register_company import RegisterCompany
from application.commands.webhooks import RegisterWebhook
from application.queries.webhooks import GetWebhook
from board_story import published_posting
from builders import AN_ADMIN
from domain.ids import CompanyId, WebhookEndpointId
from e2e_support import eventually
from webhook_receiver import Receiver, event_ids, webhook_receiver
from webhook_story import webhook_board


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with webhook_receiver() as receiver:
        yield receiver


@pytest.fixture
async def board(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    container = webhook_board(database_url)
    yield container
    await release(container)


@pytest.fixture
async def worker(board: Container) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(board.webhook_worker().run(stop))
    yield
    stop.set()
    await task


async def _company(board: Container, name: str) -> CompanyId:
    registered = await board.application().commands.register_company(RegisterCompany(name, "GB"))
    return registered.company_id


async def _verify(board: Container, company: CompanyId) -> None:
    await board.application().commands.verify_company(VerifyCompany(company, actor=AN_ADMIN))


async def _endpoint(
    board: Container,
    receiver: Receiver,
    path: str,
    owner: CompanyId | None,
    *wanted: str,
) -> WebhookEndpointId:
    made = await board.webhooks().register(
        RegisterWebhook(
            owner, receiver.url(path), wanted, actor=AN_ADMIN if owner is None else None
        )
    )
    receiver.secrets[path] = made.secret
    return made.webhook.id


async def _scalar(engine: AsyncEngine, sql: str) -> int:
    async with engine.connect() as connection:
        value: int = await connection.scalar(text(sql))
        return value


@pytest.mark.usefixtures("worker")
async def test_each_endpoint_hears_signed_only_what_it_subscribed_to(
    board: Container, receiver: Receiver
) -> None:
    acme, globex = await _company(board, "Acme Hooks"), await _company(board, "Globex Hooks")
    await _endpoint(board, receiver, "/acme", acme, "posting.published", "company.verified")
    await _endpoint(board, receiver, "/globex", globex, "posting.closed")
    await _endpoint(board, receiver, "/board", None, "posting.published")
    await _verify(board, acme)
    await _verify(board, globex)
    first = await published_posting(board.application(), acme, "One")
    second = await published_posting(board.application(), globex, "Two")

    await eventually(lambda: asyncio.sleep(0, receiver), lambda r: len(r.delivered("/board")) == 2)
    await eventually(lambda: asyncio.sleep(0, receiver), lambda r: len(r.delivered("/acme")) == 2)

    assert event_ids(receiver.delivered("/acme")) == [f"{acme}:2", f"{first.posting_id}:2"]
    assert [r.body["type"] for r in receiver.delivered("/acme")] == [
        "company.verified",
        "posting.published",
    ]
    assert {r.body["data"]["aggregate_id"] for r in receiver.delivered("/board")} == {
        str(first.posting_id),
        str(second.posting_id),
    }
    assert receiver.delivered("/globex") == []  # it wants closings only
    assert receiver.bad_signatures == 0


@pytest.mark.usefixtures("worker")
async def test_a_failing_receiver_is_retried_under_the_same_id_and_later_events_wait(
    board: Container, receiver: Receiver
) -> None:
    acme = await _company(board, "Flaky Receiver Ltd")
    await _endpoint(board, receiver, "/flaky", acme, "posting.published", "posting.closed")
    await _verify(board, acme)
    receiver.scripts["/flaky"].extend([500, 503, 429])
    posting = await published_posting(board.application(), acme, "Flaky")
    await board.application().commands.close_posting(ClosePosting(acme, posting.posting_id))

    await eventually(lambda: asyncio.sleep(0, receiver), lambda r: len(r.delivered("/flaky")) == 2)

    attempts = [r for r in receiver.attempts if r.path == "/flaky"]
    assert [r.answered for r in attempts] == [500, 503, 429, 204, 204]
    assert len({r.webhook_id for r in attempts[:4]}) == 1  # one delivery, four attempts
    assert [r.body["type"] for r in receiver.delivered("/flaky")] == [
        "posting.published",
        "posting.closed",
    ]


@pytest.mark.usefixtures("worker")
async def test_a_gone_receiver_disables_its_endpoint_with_the_reason(
    board: Container, receiver: Receiver
) -> None:
    acme = await _company(board, "Gone Receiver Ltd")
    endpoint = await _endpoint(board, receiver, "/gone", acme, "posting.published")
    await _verify(board, acme)
    receiver.always["/gone"] = 410
    await published_posting(board.application(), acme, "A")
    await published_posting(board.application(), acme, "B")

    view = await eventually(
        lambda: board.webhooks().get(GetWebhook(acme, endpoint)), lambda v: v.status == "disabled"
    )

    assert view.disabled_reason == "the receiver answered 410 Gone"
    assert len([r for r in receiver.attempts if r.path == "/gone"]) == 1  # nothing after it


async def test_a_day_of_failures_gives_up_and_disables_the_endpoint(
    database_url: str, clean_database: AsyncEngine, receiver: Receiver
) -> None:
    board = webhook_board(database_url, webhook_give_up_hours=0.5 / 3600)  # half a second
    stop = asyncio.Event()
    task = asyncio.create_task(board.webhook_worker().run(stop))
    try:
        acme = await _company(board, "Down Receiver Ltd")
        endpoint = await _endpoint(board, receiver, "/down", acme, "company.suspended")
        receiver.always["/down"] = 503
        await board.application().commands.suspend_company(
            SuspendCompany(acme, "spam", actor=AN_ADMIN)
        )

        view = await eventually(
            lambda: board.webhooks().get(GetWebhook(acme, endpoint)),
            lambda v: v.status == "disabled",
        )
        failed = await _scalar(
            clean_database, "SELECT count(*) FROM webhook_deliveries WHERE status = 'failed'"
        )
    finally:
        stop.set()
        await task
        await release(board)

    assert view.disabled_reason is not None
    assert "deliveries failed for" in view.disabled_reason
    assert failed == 1
    assert len([r for r in receiver.attempts if r.path == "/down"]) >= 2  # retried first


async def test_fanning_an_event_out_again_adds_no_second_delivery(
    board: Container, receiver: Receiver, clean_database: AsyncEngine
) -> None:
    acme = await _company(board, "Twice Ltd")
    await _endpoint(board, receiver, "/twice", acme, "posting.published")
    await _verify(board, acme)
    await published_posting(board.application(), acme, "Once")
    worker = board.webhook_worker()

    await worker.fan_out()
    async with clean_database.begin() as connection:  # as if the marks were lost in a crash
        await connection.execute(text("UPDATE outbox SET webhooked_at = NULL"))
    await worker.fan_out()

    assert await _scalar(clean_database, "SELECT count(*) FROM webhook_deliveries") == 1
    assert await worker.backlog() == 1


async def test_the_secret_is_kept_sealed_and_opens_with_the_key(
    board: Container, receiver: Receiver, clean_database: AsyncEngine
) -> None:
    acme = await _company(board, "Sealed Ltd")
    made = await board.webhooks().register(
        RegisterWebhook(acme, receiver.url("/sealed"), ("posting.closed",))
    )
    async with clean_database.connect() as connection:
        stored = (
            await connection.execute(
                text("SELECT sealed_secret FROM webhook_endpoints WHERE id = :id"),
                {"id": UUID(str(made.webhook.id))},
            )
        ).scalar_one()
        dumped = (
            await connection.execute(text("SELECT row_to_json(e)::text FROM webhook_endpoints e"))
        ).scalar_one()

    assert made.secret.removeprefix("whsec_") not in dumped
    assert board.webhook_secrets().open(stored) == made.secret


async def test_the_send_time_guard_refuses_a_loopback_host_not_allowed(
    receiver: Receiver,
) -> None:
    sender = HttpSender(timeout_seconds=2.0, allowed_hosts=())
    try:
        refused = await sender.send(
            receiver.url("/x").replace("127.0.0.1", "localhost"), "whsec_" + "A" * 32, "msg_1", "{}"
        )
        allowed = await HttpSender(2.0, ("127.0.0.1",)).send(
            receiver.url("/x"), "whsec_" + "A" * 32, "msg_1", "{}"
        )
    finally:
        await sender.close()

    assert refused.refused
    assert refused.status_code is None
    assert allowed.status_code == 400  # reached, and refused by the receiver: no secret for /x
    assert receiver.attempts == []
