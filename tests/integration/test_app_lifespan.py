"""`jobboard serve`'s app runs the projector itself, and shuts down cleanly."""

from __future__ import annotations

from typing import Any, cast

import httpx

from adapters.container import Container
from adapters.http.app import create_app
from adapters.settings import Settings
from board_story import published_posting
from e2e_support import eventually


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
