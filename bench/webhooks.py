"""The webhook worker's figure: deliveries per second one worker sustains against a local
receiver.

    uv run python -m bench.webhooks --events 5000 --endpoints 2 --batch-sizes 50,100,200

For each batch size a fresh database gets ``--endpoints`` board-wide endpoints (all on
one receiver) and a backlog of ``--events`` synthetic PostingPublished events; one worker
(the real WebhookWorker: fan-out, lease, signing with standardwebhooks, aiohttp, outcome
writes) drains it. The receiver is an aiohttp server in a process of its own that
verifies every signature (as a real one would) and answers 204. Every figure is checked:
the receiver counted each delivery, none pending. Nothing is asserted about speed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import socket
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg

from adapters.postgres.database import asyncpg_dsn, create_engine
from adapters.postgres.webhook_worker import WebhookWorker
from adapters.system import Uuid7Generator
from adapters.webhooks.secrets import FernetWebhookSecrets, new_key
from adapters.webhooks.sender import HttpSender
from bench.fill import create_database, drop_database, server

BACKLOG = """
INSERT INTO outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload,
                    occurred_at)
SELECT 'Posting', gen_random_uuid(), 2, 'PostingPublished',
       jsonb_build_object('company_id', gen_random_uuid(), 'published_at', now(),
                          'valid_through', now() + interval '60 days'),
       now()
FROM generate_series(1, $1)
"""
ENDPOINT = """
INSERT INTO webhook_endpoints (id, company_id, url, event_types, description, sealed_secret,
  status, created_at, secret_rotated_at, version)
VALUES ($1, NULL, $2, ARRAY['posting.published'], 'bench', $3, 'active', $4, $4, 1)
"""


def _receive(sock: socket.socket, secret: str, counter: Any) -> None:
    from aiohttp import web
    from standardwebhooks.webhooks import Webhook

    verifier = Webhook(secret)

    async def handle(request: web.Request) -> web.Response:
        verifier.verify(await request.read(), dict(request.headers))
        with counter.get_lock():
            counter.value += 1
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/{tail:.*}", handle)
    web.run_app(app, sock=sock, print=None, access_log=None, handle_signals=True)


async def _one_run(
    server_url: str, events: int, endpoints: int, batch: int, port: int, secret: str, key: str
) -> dict[str, Any]:
    url = await create_database(server_url, "webhooks")
    engine = create_engine(url, pool_size=2)
    try:
        connection = await asyncpg.connect(asyncpg_dsn(url))
        try:
            sealed = FernetWebhookSecrets(key).seal(secret)
            for n in range(endpoints):
                await connection.execute(
                    ENDPOINT,
                    uuid.uuid4(),
                    f"http://127.0.0.1:{port}/e{n}",
                    sealed,
                    datetime(2000, 1, 1, tzinfo=UTC),
                )
            await connection.execute(BACKLOG, events)
        finally:
            await connection.close()
        worker = WebhookWorker(
            engine,
            FernetWebhookSecrets(key),
            HttpSender(10.0, ("127.0.0.1",)),
            Uuid7Generator(),
            batch_size=batch,
        )
        started = time.perf_counter()
        await worker.fan_out()
        fanned = time.perf_counter() - started
        while True:
            if await worker.dispatch():
                continue
            if not await worker.backlog():
                break
            await asyncio.sleep(0.01)  # only retries left: wait for them to fall due
        elapsed = time.perf_counter() - started
        pending = await worker.backlog()
        check = await asyncpg.connect(asyncpg_dsn(url))
        try:
            retried = await check.fetchval(
                "SELECT count(*) FROM webhook_deliveries WHERE attempts > 1"
            )
        finally:
            await check.close()
        await HttpSender.close(worker._sender)  # type: ignore[arg-type]
        return {
            "batch": batch,
            "events": events,
            "endpoints": endpoints,
            "deliveries": events * endpoints,
            "fan_out_s": round(fanned, 2),
            "total_s": round(elapsed, 2),
            "deliveries_per_s": round(events * endpoints / (elapsed - fanned)),
            "end_to_end_per_s": round(events * endpoints / elapsed),
            "pending_after": pending,
            "retried": retried,
        }
    finally:
        await engine.dispose()
        await drop_database(url)


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--endpoints", type=int, default=2)
    parser.add_argument("--batch-sizes", default="50,100,200")
    parser.add_argument("--out", help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    secret = FernetWebhookSecrets(None).generate()
    key = new_key()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    spawn = multiprocessing.get_context("spawn")
    counter = spawn.Value("q", 0)
    receiver = spawn.Process(target=_receive, args=(sock, secret, counter), daemon=True)
    receiver.start()
    _wait_for(port)
    results = []
    try:
        with server() as server_url:
            for batch in (int(b) for b in args.batch_sizes.split(",")):
                before = counter.value
                result = asyncio.run(
                    _one_run(server_url, args.events, args.endpoints, batch, port, secret, key)
                )
                result["received"] = counter.value - before
                results.append(result)
                print(
                    f"batch {batch:>4}: {result['deliveries']} deliveries"
                    f" ({args.events} events x {args.endpoints} endpoints),"
                    f" fan-out {result['fan_out_s']} s, sending {result['deliveries_per_s']}/s,"
                    f" end to end {result['end_to_end_per_s']}/s;"
                    f" received {result['received']}, pending {result['pending_after']},"
                    f" retried {result['retried']}",
                    flush=True,
                )
    finally:
        receiver.terminate()
        receiver.join()
    if args.out:
        with open(args.out, "w") as out:
            json.dump(results, out, indent=2)
    ok = all(r["received"] >= r["deliveries"] and r["pending_after"] == 0 for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
