"""Helpers for end-to-end tests: polling for eventual consistency, keys, request bodies."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

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
    }
    body.update(overrides)
    return body
