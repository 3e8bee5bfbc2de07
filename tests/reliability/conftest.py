"""Fixtures for the reliability tests: the real app over in-process ASGI, with a pool and
pool timeout big enough for the races these tests start on purpose."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any, cast

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container
from adapters.http.app import create_app
from adapters.settings import Settings
from application.commands.api_keys import IssueAdminKey


@pytest.fixture
async def container(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        projector_poll_seconds=0.2,
        db_pool_size=10,
        db_pool_timeout=60.0,
    )
    container = Container(settings=settings, database_url=database_url)
    yield container
    await container.engine().dispose()


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    stop = asyncio.Event()
    projector = asyncio.create_task(container.projector().run(stop))
    app = create_app(container)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=cast(Any, app)), base_url="http://jobboard.test"
        ) as client:
            yield client
    finally:
        stop.set()
        await projector


@pytest.fixture
async def admin_headers(container: Container) -> dict[str, str]:
    issued = await container.application().commands.issue_admin_key(IssueAdminKey())
    return {"Authorization": f"Bearer {issued.api_key}"}
