"""Helpers for end-to-end tests: polling for eventual consistency, keys, request bodies."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx

from builders import AN_ADMIN

if TYPE_CHECKING:
    from adapters.container import Container

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]],
    until: Callable[[T], bool],
    within: float = 5.0,
) -> T:
    """Poll ``probe`` until ``until`` holds (the public side is eventually consistent)."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = await probe()
        if until(value):
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {within}s; last value: {value!r}")
        await asyncio.sleep(0.02)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def posting_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Senior Backend Engineer",
        "description": "Build and run the APIs behind our product.",
        "language": "en",
        "locations": [{"country": "GB", "city": "London"}],
        "workplace": "hybrid",
        "employment_type": "full_time",
        "seniority": "senior",
        "salary": {"min": 70000, "max": 90000, "currency": "GBP", "period": "year"},
        "responsibilities": ["Design services", "Review code"],
        "benefits": ["Pension"],
        "requirements": [
            {"name": "Python", "importance": "must", "min_years": 4},
            {"name": "PostgreSQL", "importance": "nice"},
        ],
        "application_method": {"kind": "url", "url": "https://jobs.example.com/apply"},
    }
    body.update(overrides)
    return body


@contextlib.asynccontextmanager
async def board_client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    """The app over in-process HTTP, with the projector running beside it as in `serve`.

    The projector is started here rather than by the app's lifespan, because
    pytest-asyncio finishes a fixture in another task than it started it, which
    Litestar's lifespan does not allow; a test of its own covers the lifespan."""
    from adapters.http.app import create_app

    stop = asyncio.Event()
    projector = asyncio.create_task(container.projector().run(stop))
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=cast(Any, create_app(container))),
            base_url="http://jobboard.test",
        ) as client:
            yield client
    finally:
        stop.set()
        await projector


async def admin_bearer(container: Container) -> dict[str, str]:
    """Headers with a new admin key."""
    from application.commands.api_keys import IssueAdminKey

    issued = await container.application().commands.issue_admin_key(
        IssueAdminKey("test admin", actor=AN_ADMIN)
    )
    return {"Authorization": f"Bearer {issued.api_key}"}
