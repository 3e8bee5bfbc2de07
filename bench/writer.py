"""P4: writes through the HTTP API, and how soon the read model shows them.

An employer (signed up and verified through the API) publishes drafts and
revises published postings at a fixed rate. A write's clock starts when its
2xx arrives (its transaction has committed by then) and stops when a separate
connection polling ``public_postings`` sees the posting at the version the
response named. The drain figure holds the projector off with its own advisory
lock, builds a backlog of revisions, lets go, and times how long the projector
takes to apply it.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import time
from collections import deque
from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import asyncpg
from pydantic import SecretStr

from adapters.postgres.database import asyncpg_dsn
from adapters.postgres.projector import PROJECTOR_LOCK
from adapters.runtime import build_container
from adapters.settings import Settings
from application.audit import Actor
from application.commands.api_keys import IssueAdminKey
from bench.lean_http import HttpStatusError, LeanClient

DRAFT = {
    "title": "Bench Site Reliability Engineer",
    "description": "A posting the benchmark writes, publishes and revises while others search.",
    "language": "en",
    "locations": [{"country": "US", "city": "Boston"}],
    "workplace": "hybrid",
    "employment_type": "full_time",
    "seniority": "senior",
    "salary": {"min": 150000, "max": 180000, "currency": "USD", "period": "year"},
    "requirements": [{"name": "Python"}, {"name": "Kubernetes", "importance": "nice"}],
    "application_method": {"kind": "url", "url": "https://jobs.example.com/bench"},
}


@dataclass(frozen=True)
class LagResult:
    writes: int
    offered_rate: float  # writes issued per second (the schedule, as kept)
    write_rate: float  # writes completed per second, until the last one answered
    lag_p50_ms: float
    lag_p90_ms: float
    lag_p99_ms: float
    lag_max_ms: float
    unseen: int  # writes never seen in the read model within the wait
    failures: dict[str, int]  # failed writes by cause
    # The same writes as the database saw them: from the write's transaction start to the
    # start of the projector's transaction that took its event (the outbox's recorded_at
    # and projected_at). This clock starts before the 2xx leaves the API, so under load
    # it reads longer than the watcher's.
    outbox_p50_ms: float
    outbox_p99_ms: float


@dataclass(frozen=True)
class DrainResult:
    backlog: int
    seconds: float
    events_per_s: float


async def admin_key(database_url: str) -> str:
    """A new admin API key, issued in-process as `jobboard admin create-key` does."""
    container = build_container(Settings(database_url=SecretStr(database_url)), database_url)
    try:
        issued = await container.application().commands.issue_admin_key(
            IssueAdminKey("bench", actor=Actor.cli("bench"))
        )
    finally:
        await container.engine().dispose()
    return str(issued.api_key)


class Employer:
    """One verified company writing through the API."""

    def __init__(self, client: LeanClient, key: str) -> None:
        self._client = client
        self._headers = {"Authorization": f"Bearer {key}"}
        self.published: deque[tuple[UUID, int]] = deque()

    @classmethod
    async def sign_up(cls, client: LeanClient, admin: str) -> Employer:
        signed_up = await client.request(
            "POST",
            "/v1/companies",
            json_body={
                "name": f"Bench Writers {uuid4().hex[:8]}",
                "country": "US",
                "description": "writes postings",
            },
        )
        body = signed_up.json()
        await client.request(
            "POST",
            f"/v1/admin/companies/{body['company']['id']}/verify",
            headers={"Authorization": f"Bearer {admin}"},
        )
        return cls(client, body["api_key"])

    async def draft(self) -> tuple[UUID, int]:
        answer = await self._client.request(
            "POST", "/v1/employer/postings", json_body=DRAFT, headers=self._headers
        )
        body = answer.json()
        return UUID(body["id"]), int(body["version"])

    async def publish(self, posting: UUID) -> int:
        answer = await self._client.request(
            "POST", f"/v1/employer/postings/{posting}/publish", headers=self._headers
        )
        return int(answer.json()["version"])

    async def revise(self, posting: UUID, version: int, n: int) -> int:
        answer = await self._client.request(
            "PATCH",
            f"/v1/employer/postings/{posting}",
            json_body={"title": f"Bench Site Reliability Engineer {n}"},
            headers={**self._headers, "If-Match": f'"{version}"'},
        )
        return int(answer.json()["version"])


async def _drafts(employer: Employer, count: int, concurrency: int = 8) -> list[UUID]:
    made: list[UUID] = []

    async def worker(n: int) -> None:
        for _ in range(n):
            made.append((await employer.draft())[0])

    share = [
        count // concurrency + (1 if i < count % concurrency else 0) for i in range(concurrency)
    ]
    await asyncio.gather(*(worker(n) for n in share))
    return made


class Watcher:
    """Polls the read model for the writes whose 2xx has arrived."""

    def __init__(self, dsn: str, interval: float = 0.002) -> None:
        self._dsn, self._interval = dsn, interval
        self.pending: dict[UUID, list[tuple[int, float]]] = {}
        self.lags_ms: list[float] = []
        self._stop = asyncio.Event()

    def expect(self, posting: UUID, version: int, committed: float) -> None:
        self.pending.setdefault(posting, []).append((version, committed))

    async def run(self) -> None:
        connection = await asyncpg.connect(self._dsn)
        try:
            while not (self._stop.is_set() and not self.pending):
                if self.pending:
                    rows = await connection.fetch(
                        "SELECT id, version FROM public_postings WHERE id = ANY($1::uuid[])",
                        list(self.pending),
                    )
                    seen = time.perf_counter()
                    for row in rows:
                        key = UUID(str(row["id"]))
                        waiting = self.pending.get(key, [])
                        for version, committed in waiting:
                            if row["version"] >= version:
                                self.lags_ms.append(max(0.0, (seen - committed) * 1000))
                        waiting = [w for w in waiting if w[0] > row["version"]]
                        if waiting:
                            self.pending[key] = waiting
                        else:
                            self.pending.pop(key, None)
                await asyncio.sleep(self._interval)
        finally:
            await connection.close()

    def stop(self) -> None:
        self._stop.set()


async def measure_lag(
    base_url: str,
    database_url: str,
    *,
    rate: float,
    seconds: float,
    admin: str,
    ready: asyncio.Event | None = None,
) -> LagResult:
    """Write at ``rate`` per second for ``seconds``: half publications, half revisions of
    published postings no write is in flight for (a publication when none is idle)."""
    total = max(2, int(rate * seconds))
    async with LeanClient(base_url, connections=64) as client:
        employer = await Employer.sign_up(client, admin)
        drafts = deque(await _drafts(employer, total + 16))
        # Published postings to revise from the start.
        for _ in range(16):
            posting = drafts.popleft()
            employer.published.append((posting, await employer.publish(posting)))
        watcher = Watcher(asyncpg_dsn(database_url))
        watching = asyncio.create_task(watcher.run())
        since = await _last_event(database_url)
        if ready is not None:  # the search load starts now, after the setup
            ready.set()
        in_flight: set[asyncio.Task[None]] = set()
        failures: dict[str, int] = {}

        async def write(n: int) -> None:
            try:
                if n % 2 == 0 or not employer.published:
                    posting = drafts.popleft()
                    version = await employer.publish(posting)
                else:
                    posting, current = employer.published.popleft()
                    version = await employer.revise(posting, current, n)
                watcher.expect(posting, version, time.perf_counter())
                employer.published.append((posting, version))
            except HttpStatusError as error:
                cause = str(error.answer.status)
                failures[cause] = failures.get(cause, 0) + 1
            except (OSError, asyncio.IncompleteReadError, TimeoutError, IndexError) as error:
                cause = type(error).__name__
                failures[cause] = failures.get(cause, 0) + 1

        started = time.perf_counter()
        for n in range(total):
            delay = started + n / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(write(n))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        offered = total / (time.perf_counter() - started)
        if in_flight:
            await asyncio.gather(*in_flight)
        elapsed = time.perf_counter() - started
        watcher.stop()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(watching, timeout=30)
        lags = sorted(watcher.lags_ms)
        if not lags:
            raise RuntimeError("no write became visible in the read model")
        recorded = await _outbox_lags(database_url, since)
        return LagResult(
            writes=total - sum(failures.values()),
            offered_rate=offered,
            write_rate=(total - sum(failures.values())) / elapsed,
            lag_p50_ms=statistics.median(lags),
            lag_p90_ms=lags[min(len(lags) - 1, int(len(lags) * 0.90))],
            lag_p99_ms=lags[min(len(lags) - 1, int(len(lags) * 0.99))],
            lag_max_ms=lags[-1],
            unseen=sum(len(w) for w in watcher.pending.values()),
            failures=failures,
            outbox_p50_ms=statistics.median(recorded) if recorded else float("nan"),
            outbox_p99_ms=recorded[min(len(recorded) - 1, int(len(recorded) * 0.99))]
            if recorded
            else float("nan"),
        )


async def _last_event(database_url: str) -> int:
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        return int(await connection.fetchval("SELECT coalesce(max(id), 0) FROM outbox"))
    finally:
        await connection.close()


async def _outbox_lags(database_url: str, since: int) -> list[float]:
    """Milliseconds from recording to projection of each event after ``since``, sorted."""
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows = await connection.fetch(
            "SELECT extract(epoch FROM projected_at - recorded_at) * 1000 FROM outbox"
            " WHERE id > $1 AND projected_at IS NOT NULL ORDER BY 1",
            since,
        )
    finally:
        await connection.close()
    return [float(row[0]) for row in rows]


async def measure_drain(
    base_url: str, database_url: str, *, backlog: int, admin: str, concurrency: int = 16
) -> DrainResult:
    """Hold the projector off, write ``backlog`` revisions, let go, time the catch-up."""
    dsn = asyncpg_dsn(database_url)
    lock = await asyncpg.connect(dsn)
    try:
        async with LeanClient(base_url, connections=concurrency) as client:
            employer = await Employer.sign_up(client, admin)
            postings = await _drafts(employer, concurrency)
            versions = {p: await employer.publish(p) for p in postings}
            await _wait_projected(lock)
            holding = lock.transaction()
            await holding.start()
            await lock.execute("SELECT pg_advisory_xact_lock($1)", PROJECTOR_LOCK)

            async def reviser(posting: UUID, count: int) -> None:
                for n in range(count):
                    versions[posting] = await employer.revise(posting, versions[posting], n)

            share = backlog // concurrency
            await asyncio.gather(*(reviser(p, share) for p in postings))
            probe = await asyncpg.connect(dsn)
            try:
                waiting: Any = await probe.fetchval(
                    "SELECT count(*) FROM outbox WHERE projected_at IS NULL"
                )
                started = time.perf_counter()
                await holding.commit()
                await _wait_projected(probe, interval=0.005)
                seconds = time.perf_counter() - started
            finally:
                await probe.close()
    finally:
        await lock.close()
    return DrainResult(int(waiting), seconds, int(waiting) / seconds if seconds else 0.0)


async def _wait_projected(
    connection: asyncpg.Connection, interval: float = 0.01, within: float = 300.0
) -> None:
    deadline = time.perf_counter() + within
    while await connection.fetchval("SELECT count(*) FROM outbox WHERE projected_at IS NULL"):
        if time.perf_counter() > deadline:
            raise RuntimeError("the projector did not catch up")
        await asyncio.sleep(interval)
