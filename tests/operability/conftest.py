"""Operability fixtures: the wired application on a blank database, and server processes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from operability_support import Server
from operability_support import settings as make_settings


@pytest.fixture
async def board(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    """The wired application on a blank test database, no projector of its own."""
    settings = make_settings(database_url=database_url, run_projector=False, log_format="json")
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[Server]]:
    """Servers a test starts; any still running at the end is killed."""
    started: list[Server] = []
    yield started
    for server in started:
        server.close()
