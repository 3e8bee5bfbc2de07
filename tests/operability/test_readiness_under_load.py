"""/ready says whether this process can serve: the database answers. A moment when every
pooled connection is busy (a burst of searches) is not "not ready"."""

from __future__ import annotations

from contextlib import AsyncExitStack

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.http.app import create_app
from operability_support import over_http
from operability_support import settings as make_settings


async def test_ready_answers_200_while_every_pooled_connection_is_busy(
    database_url: str, clean_database: AsyncEngine
) -> None:
    settings = make_settings(
        database_url=database_url, run_projector=False, db_pool_size=1, db_pool_timeout=0.3
    )
    container = Container(settings=settings, database_url=database_url)
    app = create_app(container)
    try:
        async with app.lifespan(), over_http(app) as client, AsyncExitStack() as held:
            engine = container.engine()
            for _ in range(2):  # the pool's one connection and its one overflow
                connection = await held.enter_async_context(engine.connect())
                await connection.execute(text("SELECT 1"))

            ready = await client.get("/ready")
            search = await client.get("/v1/employer/company", headers={"Authorization": "Bearer x"})

            assert search.status_code == 503  # the pool is exhausted for requests...
            assert ready.status_code == 200, ready.text  # ...yet the node can serve
    finally:
        await release(container)


async def test_ready_answers_503_when_the_database_is_gone(
    database_url: str, clean_database: AsyncEngine
) -> None:
    url = database_url.rsplit("/", 1)[0] + "/no_such_database_here"
    settings = make_settings(database_url=url, run_projector=False)
    container = Container(settings=settings, database_url=url)
    app = create_app(container)
    try:
        async with app.lifespan(), over_http(app) as client:
            answer = await client.get("/ready")
            assert answer.status_code == 503
            assert answer.json()["detail"] == "the database does not answer"
    finally:
        await release(container)
