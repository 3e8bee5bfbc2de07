"""The relay's figures: events per second from the outbox to NATS JetStream, and the lag
from an event's commit to JetStream's acknowledgement at a steady write rate.

    uv run python -m bench.relay --events 20000 --batch-sizes 100,500,1000 --out relay.json

For each batch size a fresh database gets a backlog of ``--events`` synthetic events
(PostingPublished rows, as the unit of work writes them) and the relay drains it into a
stream of its own on the NATS server (``JOBBOARD_NATS_URL``, else 127.0.0.1:4222); then
events are written at ``--rate`` per second, one per transaction with the outbox's NOTIFY,
for ``--seconds`` while the relay runs, and the lag is read from the outbox itself
(``relayed_at - recorded_at``). Every figure is checked against the stream: each event in
it once. Nothing here is asserted about speed.

With ``--search-postings N`` the lag run also carries the board's search load: the
database gets N postings (the benchmark's board), a jobboard server (granian, its
projector off: the synthetic events name no real posting) serves it, and the filtered and
ranked search mixes of ``bench run`` load it on ``--search-connections`` connections (wrk
when installed, so the load is a process of its own) for the whole lag run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg
import nats

from adapters.nats.jetstream_publisher import JetStreamPublisher
from adapters.postgres.database import asyncpg_dsn, create_engine
from adapters.postgres.outbox_relay import OutboxRelay
from adapters.postgres.projector import OUTBOX_CHANNEL
from bench.fill import create_database, drop_database, fill, server
from bench.load import LoadResult, run_load
from bench.run import FILTERED, RANKED
from bench.servers import serve

BACKLOG = """
INSERT INTO outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload,
                    occurred_at)
SELECT 'Posting', gen_random_uuid(), 2, 'PostingPublished',
       jsonb_build_object('company_id', gen_random_uuid(), 'published_at', now(),
                          'valid_through', now() + interval '60 days'),
       now()
FROM generate_series(1, $1)
"""
ONE_EVENT = f"""
WITH written AS (
  INSERT INTO outbox (aggregate_type, aggregate_id, aggregate_version, event_type, payload,
                      occurred_at)
  VALUES ('Posting', gen_random_uuid(), 2, 'PostingPublished',
          jsonb_build_object('company_id', gen_random_uuid(), 'published_at', now(),
                             'valid_through', now() + interval '60 days'),
          now())
  RETURNING id)
SELECT pg_notify('{OUTBOX_CHANNEL}', '') FROM written
"""
LAG = """
SELECT count(*),
       percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (
         ORDER BY extract(epoch FROM relayed_at - recorded_at))
FROM outbox WHERE id > $1
"""


async def _stored(url: str, stream: str, delete: bool = False) -> int:
    """How many messages the stream holds (JetStream stored each message id once)."""
    client = await nats.connect(url, connect_timeout=2, allow_reconnect=False)
    try:
        jetstream = client.jetstream()
        messages = (await jetstream.stream_info(stream)).state.messages
        if delete:
            await jetstream.delete_stream(stream)
        return messages
    finally:
        await client.close()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.relay", description=__doc__)
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--batch-sizes", default="100,500,1000")
    parser.add_argument("--rate", type=float, default=200.0, help="events/s for the lag run")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the lag run")
    parser.add_argument(
        "--nats-url", default=os.environ.get("JOBBOARD_NATS_URL", "nats://127.0.0.1:4222")
    )
    parser.add_argument(
        "--search-postings", type=int, default=0, help="postings for the search load (0: none)"
    )
    parser.add_argument("--search-connections", type=int, default=4)
    parser.add_argument("--out", help="write the figures to this JSON file")
    return parser.parse_args(argv)


async def _one_size(server_url: str, args: argparse.Namespace, batch_size: int) -> dict[str, Any]:
    url = await create_database(server_url, "relay")
    tag = uuid.uuid4().hex[:8]
    stream = f"JOBBOARD_BENCH_{tag}"
    engine = create_engine(url, pool_size=1)
    publisher = JetStreamPublisher(args.nats_url, stream, f"jbbench{tag}", ack_timeout=30.0)
    relay = OutboxRelay(
        engine, publisher, "https://jobs.example", listen_dsn=asyncpg_dsn(url),
        batch_size=batch_size, poll_interval=1.0,
    )  # fmt: skip
    writer = await asyncpg.connect(asyncpg_dsn(url))
    try:
        if args.search_postings:
            await fill(url, args.search_postings, seed=1)
        await writer.execute(BACKLOG, args.events)
        started = time.perf_counter()
        drained = await relay.drain()
        seconds = time.perf_counter() - started
        assert drained == args.events, (drained, args.events)

        last = await writer.fetchval("SELECT max(id) FROM outbox")
        if args.search_postings:
            with serve("jobboard", url, extra_env={"JOBBOARD_RUN_PROJECTOR": "false"}) as board:
                searching = asyncio.ensure_future(
                    asyncio.to_thread(
                        run_load,
                        board.url,
                        [*FILTERED, *RANKED],
                        seconds=args.seconds,
                        connections=args.search_connections,
                        max_requests=10**9,
                    )
                )
                written = await _lag_run(relay, writer, args)
                search: LoadResult | None = await searching
        else:
            written = await _lag_run(relay, writer, args)
            search = None
        count, (p50, p99) = await writer.fetchrow(LAG, last)

        stored = await _stored(args.nats_url, stream, delete=True)
        assert stored == args.events + written, (stored, args.events + written)
        return {
            "batch_size": batch_size,
            "backlog_events": args.events,
            "drain_seconds": round(seconds, 3),
            "events_per_second": round(args.events / seconds),
            "lag_run_events": int(count),
            "lag_run_rate": args.rate,
            "lag_p50_ms": round(p50 * 1000, 1),
            "lag_p99_ms": round(p99 * 1000, 1),
            "search_rps": round(search.rps) if search else None,
            "search_p99_ms": round(search.p99_ms, 1) if search else None,
            "search_errors": search.errors if search else None,
        }
    finally:
        await writer.close()
        await publisher.close()
        await engine.dispose()
        await drop_database(url)


async def _lag_run(relay: OutboxRelay, writer: asyncpg.Connection, args: argparse.Namespace) -> int:
    """Write ``--rate`` events/s for ``--seconds`` while the relay runs; wait until it has
    published them all. Returns how many were written."""
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    written = 0
    begun = time.perf_counter()
    while (elapsed := time.perf_counter() - begun) < args.seconds:
        due = int(elapsed * args.rate) - written
        for _ in range(due):
            await writer.execute(ONE_EVENT)
        written += max(due, 0)
        await asyncio.sleep(0.002)
    deadline = time.perf_counter() + 60
    while await writer.fetchval("SELECT count(*) FROM outbox WHERE relayed_at IS NULL"):
        if time.perf_counter() > deadline:
            raise RuntimeError("the relay did not catch up within 60 s")
        await asyncio.sleep(0.05)
    stop.set()
    await running
    return written


async def _run(args: argparse.Namespace) -> list[dict[str, Any]]:
    sizes = [int(s) for s in args.batch_sizes.split(",")]
    with server() as server_url:
        return [await _one_size(server_url, args, size) for size in sizes]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    figures = asyncio.run(_run(args))
    print(
        f"{'batch':>6} {'events':>7} {'drain s':>8} {'events/s':>9} {'lag p50':>8} {'p99':>8}"
        f" {'search/s':>9} {'search p99':>11}"
    )
    for f in figures:
        searched = (
            f" {f['search_rps']:>9} {f['search_p99_ms']:>9}ms"
            if f["search_rps"] is not None
            else ""
        )
        print(
            f"{f['batch_size']:>6} {f['backlog_events']:>7} {f['drain_seconds']:>8} "
            f"{f['events_per_second']:>9} {f['lag_p50_ms']:>6}ms {f['lag_p99_ms']:>6}ms{searched}"
        )
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
