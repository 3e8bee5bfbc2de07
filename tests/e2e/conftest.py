"""End-to-end fixtures: the real app over HTTP (in-process ASGI), on the test database.

The app runs in the test's own event loop, through httpx's ASGI transport.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from e2e_support import admin_bearer, board_client


@pytest.fixture
async def container(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    settings = Settings(database_url=database_url, run_projector=False, projector_poll_seconds=0.2)
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with board_client(container) as client:
        yield client


@pytest.fixture
async def admin_headers(container: Container) -> dict[str, str]:
    return await admin_bearer(container)
