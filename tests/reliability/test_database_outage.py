"""PostgreSQL restarts or freezes under load: the API says 503 at once, then recovers alone.

The board runs (in-process ASGI, with its projector) against a private cluster
the test owns, started with pg_ctl on a free loopback port and always stopped.
Writers draft postings and readers read while the cluster is stopped and
started again; no process of the board is restarted.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import httpx
import pytest
from sqlalchemy import text

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.postgres.migrate import upgrade
from adapters.settings import Settings
from application.commands.api_keys import IssueAdminKey
from builders import AN_ADMIN
from e2e.board import Employer, assert_problem, verified_employer
from e2e_support import bearer, eventually, posting_body
from figures import FIGURES
from reliability.private_cluster import PrivateCluster, pg_ctl_available

pytestmark = pytest.mark.skipif(not pg_ctl_available(), reason="needs PostgreSQL's pg_ctl")

CONNECT_TIMEOUT = 1.0
COMMAND_TIMEOUT = 2.0
# A request that touches the database at most a few times answers within a few timeouts;
# past this bound it hangs, which is the failure this file exists to catch.
HANG = 4 * (CONNECT_TIMEOUT + COMMAND_TIMEOUT)


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    cluster = PrivateCluster()
    try:
        cluster.start()
        upgrade(cluster.url)
        yield cluster
    finally:
        cluster.destroy()


@dataclass
class Board:
    client: httpx.AsyncClient
    container: Container
    admin: dict[str, str]


@pytest.fixture
async def board(cluster: PrivateCluster) -> AsyncIterator[Board]:
    settings = Settings(
        database_url=cluster.url,
        run_projector=False,
        projector_poll_seconds=0.2,
        db_connect_timeout=CONNECT_TIMEOUT,
        db_command_timeout=COMMAND_TIMEOUT,
        db_pool_timeout=COMMAND_TIMEOUT,
        rate_limit_enabled=False,
    )
    container = Container(settings=settings, database_url=cluster.url)
    stop = asyncio.Event()
    projector = asyncio.create_task(container.projector().run(stop))
    admin = await container.application().commands.issue_admin_key(
        IssueAdminKey("test admin", actor=AN_ADMIN)
    )
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=cast(Any, create_app(container))),
            base_url="http://jobboard.test",
        ) as client:
            yield Board(client, container, bearer(admin.api_key))
    finally:
        stop.set()
        await projector
        await release(container)


@dataclass
class Load:
    """Writers and readers hammering the board; what each got back."""

    board: Board
    employer: Employer
    statuses: Counter[int] = field(default_factory=Counter)
    written: list[str] = field(default_factory=list)  # ids of drafts answered 201
    unexpected: list[str] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    async def _call(self, method: str, url: str, **kwargs: Any) -> httpx.Response | None:
        try:
            async with asyncio.timeout(HANG):
                response = await self.board.client.request(method, url, **kwargs)
        except TimeoutError:
            self.unexpected.append(f"{method} {url} hung past {HANG}s")
            return None
        self.statuses[response.status_code] += 1
        if response.status_code == 503:
            if response.headers["content-type"] != "application/problem+json" or (
                "Retry-After" not in response.headers
            ):
                self.unexpected.append(f"503 without problem+json or Retry-After: {response}")
        elif response.status_code >= 300:
            self.unexpected.append(f"{method} {url} -> {response.status_code} {response.text}")
        return response

    async def writer(self, n: int) -> None:
        i = 0
        while not self.stop.is_set():
            i += 1
            response = await self._call(
                "POST",
                "/v1/employer/postings",
                json=posting_body(title=f"Outage writer {n} posting {i}"),
                headers=self.employer.headers,
            )
            if response is not None and response.status_code == 201:
                self.written.append(response.json()["id"])
            await asyncio.sleep(0.01)

    async def reader(self) -> None:
        while not self.stop.is_set():
            await self._call("GET", "/v1/postings?limit=20")
            await self._call("GET", "/v1/employer/postings", headers=self.employer.headers)
            await asyncio.sleep(0.01)

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        tasks = [asyncio.create_task(self.writer(n)) for n in range(4)]
        tasks += [asyncio.create_task(self.reader()) for _ in range(2)]
        try:
            yield
        finally:
            self.stop.set()
            await asyncio.gather(*tasks)


async def _written_count(load: Load) -> int:
    return len(load.written)


async def test_a_restart_under_load_answers_503_then_recovers_without_losing_a_write(
    cluster: PrivateCluster, board: Board
) -> None:
    employer = await verified_employer(board.client, board.admin, "Outage Ltd")
    load = Load(board, employer)

    async with load.running():
        before = await eventually(lambda: _written_count(load), lambda n: n >= 10, within=30)
        await asyncio.to_thread(cluster.stop)
        outage = await board.client.post(
            "/v1/employer/postings", json=posting_body(), headers=employer.headers
        )
        assert_problem(outage, 503, "database-unavailable")
        assert int(outage.headers["Retry-After"]) > 0
        read = await board.client.get("/v1/postings")
        assert_problem(read, 503, "database-unavailable")
        await asyncio.to_thread(cluster.start)
        restarted_at = len(load.written)
        await eventually(lambda: _written_count(load), lambda n: n >= restarted_at + 10, within=60)

    assert not load.unexpected, load.unexpected[:5]
    assert load.statuses[503] > 0, load.statuses  # the outage was seen
    async with board.container.engine().connect() as connection:
        stored = set(
            (
                await connection.execute(
                    text("SELECT id::text FROM postings WHERE id::text = ANY(:ids)"),
                    {"ids": load.written},
                )
            ).scalars()
        )
    lost = set(load.written) - stored
    assert not lost, f"{len(lost)} writes answered 201 are not in the database"

    async def unprojected() -> int:
        async with board.container.engine().connect() as connection:
            count: int = await connection.scalar(
                text("SELECT count(*) FROM outbox WHERE projected_at IS NULL")
            )
            return count

    await eventually(unprojected, lambda n: n == 0, within=30)
    verified = await board.client.get("/v1/admin/read-models/verify", headers=board.admin)
    assert verified.status_code == 200, verified.text
    assert verified.json()["consistent"] is True, verified.json()
    FIGURES["restart under load"] = (
        f"{sum(load.statuses.values())} requests ({dict(sorted(load.statuses.items()))}); "
        f"{len(load.written)} writes answered 201 ({before} before the stop), "
        f"{len(lost)} lost; 5xx other than 503: 0; read models consistent"
    )


async def test_a_frozen_database_answers_503_within_the_timeouts_then_recovers(
    cluster: PrivateCluster, board: Board
) -> None:
    employer = await verified_employer(board.client, board.admin, "Frozen Ltd")
    cluster.freeze()
    try:
        async with asyncio.timeout(HANG):
            write = await board.client.post(
                "/v1/employer/postings", json=posting_body(), headers=employer.headers
            )
        async with asyncio.timeout(HANG):
            read = await board.client.get("/v1/postings")
    finally:
        cluster.thaw()

    assert_problem(write, 503, "database-unavailable")
    assert_problem(read, 503, "database-unavailable")

    async def draft_once() -> int:
        response = await board.client.post(
            "/v1/employer/postings", json=posting_body(), headers=employer.headers
        )
        return response.status_code

    assert await eventually(draft_once, lambda status: status == 201, within=30) == 201
