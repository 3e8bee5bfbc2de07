"""Signed webhooks over HTTP: employers and admins manage endpoints through the API, the
worker delivers the board's events to a real receiver on 127.0.0.1 that verifies every
signature with the standardwebhooks package and fails on purpose, and the delivery log
and the endpoint's status tell the employer what happened."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from e2e.board import Employer, assert_problem, publish, sign_up, verify
from e2e_support import admin_bearer, board_client, eventually, posting_body
from webhook_receiver import Receiver, event_ids, webhook_receiver
from webhook_story import webhook_board

EVENTS = ["posting.published", "posting.revised", "posting.closed"]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with webhook_receiver() as receiver:
        yield receiver


@pytest.fixture
async def container(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    container = webhook_board(database_url)
    yield container
    await release(container)


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    stop = asyncio.Event()
    worker = asyncio.create_task(container.webhook_worker().run(stop))
    try:
        async with board_client(container) as client:
            yield client
    finally:
        stop.set()
        await worker


@pytest.fixture
async def admin(container: Container) -> dict[str, str]:
    return await admin_bearer(container)


async def _register(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    receiver: Receiver,
    path: str,
    wanted: list[str],
    base: str = "/v1/employer/webhooks",
) -> dict[str, Any]:
    response = await client.post(
        base, json={"url": receiver.url(path), "event_types": wanted}, headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    receiver.secrets[path] = body["secret"]
    return body


async def _posting(client: httpx.AsyncClient, employer: Employer, title: str) -> str:
    response = await client.post(
        "/v1/employer/postings", json=posting_body(title=title), headers=employer.headers
    )
    assert response.status_code == 201, response.text
    posting_id: str = response.json()["id"]
    assert (await publish(client, employer, posting_id)).status_code == 200
    return posting_id


async def _revise(client: httpx.AsyncClient, employer: Employer, posting_id: str) -> None:
    current = await client.get(f"/v1/employer/postings/{posting_id}", headers=employer.headers)
    response = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"title": "Staff Backend Engineer"},
        headers={**employer.headers, "If-Match": current.headers["ETag"]},
    )
    assert response.status_code == 200, response.text


async def _close(client: httpx.AsyncClient, employer: Employer, posting_id: str) -> None:
    response = await client.post(
        f"/v1/employer/postings/{posting_id}/close", headers=employer.headers
    )
    assert response.status_code == 200, response.text


async def test_every_event_is_delivered_signed_at_least_once_in_order_per_posting(
    client: httpx.AsyncClient, admin: dict[str, str], receiver: Receiver
) -> None:
    employer = await sign_up(client, "Hooked Ltd")
    await verify(client, admin, employer)
    hook = await _register(client, employer.headers, receiver, "/hooked", EVENTS)
    receiver.scripts["/hooked"].extend([500])  # the first attempt fails, then 204s
    postings = [await _posting(client, employer, f"Engineer {n}") for n in range(3)]
    await _revise(client, employer, postings[0])
    await _close(client, employer, postings[0])
    await _close(client, employer, postings[2])
    expected = {f"{postings[0]}:{v}" for v in (2, 3, 4)} | {f"{postings[1]}:2"}
    expected |= {f"{postings[2]}:2", f"{postings[2]}:3"}

    await eventually(
        lambda: asyncio.sleep(0, receiver),
        lambda r: expected <= set(event_ids(r.delivered("/hooked"))),
        within=15,
    )

    delivered = receiver.delivered("/hooked")
    for posting_id in postings:  # in order per posting, whatever came between
        versions = [int(i.split(":")[1]) for i in event_ids(delivered) if i.startswith(posting_id)]
        assert versions == sorted(versions), (posting_id, versions)
    failed = next(r for r in receiver.attempts if r.answered == 500)
    assert failed.webhook_id in {r.webhook_id for r in delivered}  # retried under its id
    assert receiver.bad_signatures == 0

    log = await eventually(
        lambda: client.get(
            f"/v1/employer/webhooks/{hook['id']}/deliveries", headers=employer.headers
        ),
        lambda r: all(d["status"] == "delivered" for d in r.json()["deliveries"]),
    )
    entries = log.json()["deliveries"]
    assert len(entries) == len(expected)
    assert {e["event_id"] for e in entries} == expected
    assert sorted(e["attempts"] for e in entries)[-1] == 2
    assert all(e["last_status_code"] == 204 for e in entries)


async def test_a_gone_receiver_disables_the_endpoint_and_the_employer_sees_why(
    client: httpx.AsyncClient, admin: dict[str, str], receiver: Receiver
) -> None:
    employer = await sign_up(client, "Gone Away Ltd")
    await verify(client, admin, employer)
    hook = await _register(client, employer.headers, receiver, "/gone", ["posting.published"])
    receiver.always["/gone"] = 410
    await _posting(client, employer, "Gone")

    answer = await eventually(
        lambda: client.get(f"/v1/employer/webhooks/{hook['id']}", headers=employer.headers),
        lambda r: r.json()["status"] == "disabled",
    )

    assert answer.json()["disabled_reason"] == "the receiver answered 410 Gone"
    log = await client.get(
        f"/v1/employer/webhooks/{hook['id']}/deliveries", headers=employer.headers
    )
    assert [(d["status"], d["last_status_code"]) for d in log.json()["deliveries"]] == [
        ("failed", 410)
    ]

    del receiver.always["/gone"]  # the receiver is fixed
    path = f"/v1/employer/webhooks/{hook['id']}/enable"
    enabled = await client.post(path, headers=employer.headers)
    again = await client.post(path, headers=employer.headers)
    later = await _posting(client, employer, "Back")

    assert enabled.status_code == 200, enabled.text
    assert enabled.json()["status"] == "active"
    assert enabled.json()["disabled_reason"] is None
    assert_problem(again, 409, "invalid-transition")
    await eventually(lambda: asyncio.sleep(0, receiver), lambda r: len(r.delivered("/gone")) == 1)
    assert event_ids(receiver.delivered("/gone")) == [f"{later}:2"]


async def test_a_redelivery_sends_the_same_webhook_id_again(
    client: httpx.AsyncClient, admin: dict[str, str], receiver: Receiver
) -> None:
    employer = await sign_up(client, "Again Ltd")
    hook = await _register(client, employer.headers, receiver, "/again", ["company.verified"])
    await verify(client, admin, employer)
    await eventually(lambda: asyncio.sleep(0, receiver), lambda r: len(r.delivered("/again")) == 1)
    log = await eventually(
        lambda: client.get(
            f"/v1/employer/webhooks/{hook['id']}/deliveries", headers=employer.headers
        ),
        lambda r: r.json()["deliveries"][0]["status"] == "delivered",
    )
    delivery = log.json()["deliveries"][0]

    response = await client.post(
        f"/v1/employer/webhooks/{hook['id']}/deliveries/{delivery['id']}/redeliver",
        headers=employer.headers,
    )

    assert response.status_code == 202, response.text
    await eventually(lambda: asyncio.sleep(0, receiver), lambda r: len(r.delivered("/again")) == 2)
    first, second = receiver.delivered("/again")
    assert first.webhook_id == second.webhook_id == f"msg_{delivery['id'].replace('-', '')}"
    assert first.body == second.body


async def test_the_secret_is_shown_at_creation_and_rotation_only(
    client: httpx.AsyncClient, receiver: Receiver, clean_database: AsyncEngine
) -> None:
    employer = await sign_up(client, "Secretive Ltd")
    made = await _register(client, employer.headers, receiver, "/s", ["posting.closed"])

    listed = await client.get("/v1/employer/webhooks", headers=employer.headers)
    one = await client.get(f"/v1/employer/webhooks/{made['id']}", headers=employer.headers)
    rotated = await client.post(
        f"/v1/employer/webhooks/{made['id']}/rotate-secret", headers=employer.headers
    )

    assert made["secret"].startswith("whsec_")
    assert [w["id"] for w in listed.json()] == [made["id"]]
    assert "secret" not in listed.json()[0]
    assert "secret" not in one.json()
    assert rotated.status_code == 200
    assert rotated.json()["secret"].startswith("whsec_")
    assert rotated.json()["secret"] != made["secret"]
    async with clean_database.connect() as connection:
        tables = (
            await connection.execute(
                text(
                    "SELECT coalesce(string_agg(row_to_json(e)::text, ''), '')"
                    " FROM webhook_endpoints e"
                )
            )
        ).scalar_one()
    for secret in (made["secret"], rotated.json()["secret"]):
        assert secret.removeprefix("whsec_") not in tables


async def test_a_replayed_creation_does_not_hand_the_secret_out_again(
    client: httpx.AsyncClient, receiver: Receiver, clean_database: AsyncEngine
) -> None:
    employer = await sign_up(client, "Replayed Ltd")
    body = {"url": receiver.url("/r"), "event_types": ["posting.closed"]}
    headers = {**employer.headers, "Idempotency-Key": "hook-1"}

    first = await client.post("/v1/employer/webhooks", json=body, headers=headers)
    again = await client.post("/v1/employer/webhooks", json=body, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["secret"] is None
    async with clean_database.connect() as connection:
        kept = (
            await connection.execute(
                text("SELECT string_agg(response_body::text, '') FROM idempotency_keys")
            )
        ).scalar_one()
    assert first.json()["secret"] not in (kept or "")


async def test_another_companys_endpoint_is_not_found(
    client: httpx.AsyncClient, receiver: Receiver
) -> None:
    acme, globex = await sign_up(client, "Acme Webhooks"), await sign_up(client, "Globex Webhooks")
    hook = await _register(client, acme.headers, receiver, "/acme", ["posting.closed"])
    path = f"/v1/employer/webhooks/{hook['id']}"

    assert_problem(await client.get(path, headers=globex.headers), 404, "not-found")
    assert_problem(await client.delete(path, headers=globex.headers), 404, "not-found")
    assert_problem(
        await client.post(f"{path}/rotate-secret", headers=globex.headers), 404, "not-found"
    )
    assert_problem(await client.get(f"{path}/deliveries", headers=globex.headers), 404, "not-found")
    assert (await client.get("/v1/employer/webhooks", headers=globex.headers)).json() == []
    assert (await client.delete(path, headers=acme.headers)).status_code == 204
    assert_problem(await client.get(path, headers=acme.headers), 404, "not-found")


@pytest.mark.parametrize(
    "url",
    [
        "https://localhost/hook",
        "https://127.0.0.2/hook",
        "https://10.0.0.8/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[fd00:ec2::254]/latest",
        "https://[::1]/hook",
        "https://224.0.0.1/hook",
        "http://hooks.example.com/not-https",
    ],
)
async def test_unsafe_or_plain_urls_are_refused_naming_the_url(
    client: httpx.AsyncClient, url: str
) -> None:
    employer = await sign_up(client, "Probing Ltd")

    response = await client.post(
        "/v1/employer/webhooks",
        json={"url": url, "event_types": ["posting.published"]},
        headers=employer.headers,
    )

    body = assert_problem(response, 422, "invariant-violated", fields={"url"})
    assert body["errors"][0]["pointer"] == "/url"
    listed = await client.get("/v1/employer/webhooks", headers=employer.headers)
    assert listed.json() == []


async def test_unknown_event_types_are_refused_naming_the_field(
    client: httpx.AsyncClient, receiver: Receiver
) -> None:
    employer = await sign_up(client, "Typo Ltd")

    response = await client.post(
        "/v1/employer/webhooks",
        json={"url": receiver.url("/t"), "event_types": ["posting.drafted"]},
        headers=employer.headers,
    )

    body = assert_problem(response, 422, "invariant-violated", fields={"event_types"})
    assert body["errors"][0]["pointer"] == "/event_types"


async def test_admins_manage_board_wide_endpoints_audited(
    client: httpx.AsyncClient, admin: dict[str, str], receiver: Receiver
) -> None:
    made = await _register(
        client, admin, receiver, "/board", ["company.verified"], base="/v1/admin/webhooks"
    )
    employer = await sign_up(client, "Watched Ltd")
    await verify(client, admin, employer)
    await eventually(lambda: asyncio.sleep(0, receiver), lambda r: len(r.delivered("/board")) == 1)
    rotated = await client.post(f"/v1/admin/webhooks/{made['id']}/rotate-secret", headers=admin)
    deleted = await client.delete(f"/v1/admin/webhooks/{made['id']}", headers=admin)
    audit = await client.get("/v1/admin/audit?limit=100", headers=admin)

    assert made["board_wide"] is True
    assert receiver.delivered("/board")[0].body["data"]["aggregate_id"] == employer.company_id
    assert rotated.status_code == 200 and deleted.status_code == 204
    acts = [e["act"] for e in audit.json()["items"]]
    assert {"register_webhook", "rotate_webhook_secret", "delete_webhook"} <= set(acts)
    assert made["secret"] not in audit.text
    employer_view = await client.get("/v1/admin/webhooks", headers=employer.headers)
    assert_problem(employer_view, 403, "forbidden")


async def test_metrics_show_the_backlog_and_the_outcomes(
    client: httpx.AsyncClient, admin: dict[str, str], receiver: Receiver
) -> None:
    employer = await sign_up(client, "Metered Ltd")
    await _register(client, employer.headers, receiver, "/m", ["company.verified"])
    await verify(client, admin, employer)
    await eventually(lambda: asyncio.sleep(0, receiver), lambda r: len(r.delivered("/m")) == 1)

    metrics = await client.get("/metrics")

    assert "jobboard_webhook_deliveries_pending" in metrics.text
    assert (
        'jobboard_webhook_delivery_attempts_total{event_type="company.verified",'
        'outcome="delivered"}'
    ) in metrics.text
    assert receiver.base_url not in metrics.text
