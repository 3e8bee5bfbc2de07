"""A real HTTP receiver of webhooks on 127.0.0.1 (aiohttp), for the tests.

Every request is verified with the ``standardwebhooks`` package against the secret the
test gives for its path (a bad signature answers 400 and is counted as such); a path can
be told to answer some statuses first (500 then 200, or 410 for ever). It counts what it
received: every attempt, and the verified deliveries in the order they came."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass(frozen=True)
class Received:
    path: str
    webhook_id: str
    body: dict[str, Any]
    answered: int


@dataclass
class Receiver:
    base_url: str = ""
    secrets: dict[str, str] = field(default_factory=dict)  # path -> whsec_...
    scripts: dict[str, deque[int]] = field(default_factory=lambda: defaultdict(deque))
    always: dict[str, int] = field(default_factory=dict)  # path -> status for ever
    delay: dict[str, float] = field(default_factory=dict)  # path -> seconds before answering
    attempts: list[Received] = field(default_factory=list)
    bad_signatures: int = 0
    hold: asyncio.Event | None = None  # while set up and not set, requests wait for it
    waiting: int = 0  # requests that waited on ``hold``

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def delivered(self, path: str) -> list[Received]:
        """The verified deliveries the path answered 2xx, in the order they came."""
        return [r for r in self.attempts if r.path == path and 200 <= r.answered < 300]

    async def handle(self, request: web.Request) -> web.Response:
        path = request.path
        body = await request.read()
        secret = self.secrets.get(path)
        try:
            if secret is None:
                raise WebhookVerificationError("no secret for this path")
            payload = Webhook(secret).verify(body, dict(request.headers))
        except WebhookVerificationError:
            self.bad_signatures += 1
            return web.Response(status=400)
        if self.hold is not None and not self.hold.is_set():
            self.waiting += 1
            await self.hold.wait()
        if (pause := self.delay.get(path)) is not None:
            await asyncio.sleep(pause)  # a slow receiver, to be killed or timed out
        status = self.always.get(path)
        if status is None:
            script = self.scripts[path]
            status = script.popleft() if script else 204
        self.attempts.append(Received(path, request.headers["webhook-id"], payload, status))
        return web.Response(status=status)


@contextlib.asynccontextmanager
async def webhook_receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    app = web.Application()
    app.router.add_post("/{tail:.*}", receiver.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    site = web.SockSite(runner, sock)
    await site.start()
    receiver.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        yield receiver
    finally:
        await runner.cleanup()


def event_ids(received: list[Received]) -> list[str]:
    return [str(r.body["id"]) for r in received]


def as_json(received: Received) -> str:
    return json.dumps(received.body, sort_keys=True)
