"""`jobboard serve`'s app runs the projector (and, with NATS configured, the relay) itself,
and shuts down cleanly."""

from __future__ import annotations

from typing import Any, cast

import httpx
import pytest

from adapters.container import Container
from adapters.http.app import create_app
from adapters.settings import Settings
from board_story import published_posting
from e2e_support import eventually
from nats_support import a_unique_place, delete_stream, shared_nats_answers, stream_messages


async def test_the_app_runs_the_projector_in_process(database_url: str, board: Container) -> None:
    settings = Settings(database_url=database_url, run_projector=True, projector_poll_seconds=0.1)
    served = Container(settings=settings, database_url=database_url)
    shut_down: list[bool] = []
    app = create_app(served, on_shutdown=lambda: shut_down.append(True))

    async with (
        app.lifespan(),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=cast(Any, app)), base_url="http://jobboard.test"
        ) as client,
    ):
        published = await published_posting(board.application())

        async def public_ids() -> list[str]:
            return [item["id"] for item in (await client.get("/v1/postings")).json()["items"]]

        await eventually(public_ids, lambda ids: str(published.posting_id) in ids)

    assert shut_down == [True]


@pytest.mark.skipif(not shared_nats_answers(), reason="no NATS on 127.0.0.1:4222")
async def test_the_app_runs_the_relay_in_process_when_nats_is_configured(
    database_url: str, board: Container
) -> None:
    place = a_unique_place()
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        nats_url=place.url,
        nats_stream=place.stream,
        nats_subject_prefix=place.prefix,
        relay_poll_seconds=0.1,
    )
    served = Container(settings=settings, database_url=database_url)
    app = create_app(served)
    try:
        async with app.lifespan():
            published = await published_posting(board.application())
            expected = f"{published.posting_id}:2"  # drafted, then published

            async def msg_ids() -> list[str | None]:
                return [m.msg_id for m in await stream_messages(place)]

            await eventually(msg_ids, lambda ids: expected in ids, 10)
    finally:
        await delete_stream(place)


async def test_the_app_runs_no_relay_without_a_nats_url(
    database_url: str, board: Container
) -> None:
    settings = Settings(database_url=database_url, run_projector=False)
    served = Container(settings=settings, database_url=database_url)
    served.relay.override(None)  # the app must not ask for it: asking would fail

    async with create_app(served).lifespan():
        await published_posting(board.application())
    assert await board.relay().backlog() > 0  # nobody relayed anything
