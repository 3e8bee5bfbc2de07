"""The duplicate check's settings: bounded where the LSH bands can honour them, and wired
into the publish handler's policy by the container."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from adapters.container import Container
from adapters.settings import Settings
from application.duplicates import DuplicatePolicy

URL = "postgresql+asyncpg://nobody@127.0.0.1:1/none"


def test_the_defaults_are_a_threshold_of_0_8_and_a_30_day_window() -> None:
    settings = Settings(database_url=URL)
    assert (settings.duplicate_threshold, settings.repost_window_days) == (0.8, 30)


@pytest.mark.parametrize("threshold", [0.5, 0.69, 1.01])
def test_a_threshold_the_bands_cannot_honour_is_refused(threshold: float) -> None:
    with pytest.raises(ValidationError, match="duplicate_threshold"):
        Settings(database_url=URL, duplicate_threshold=threshold)


def test_the_container_gives_the_publish_handler_the_configured_policy() -> None:
    settings = Settings(database_url=URL, duplicate_threshold=0.9, repost_window_days=10)
    container = Container(settings=settings, database_url=URL)

    handler = container.use_cases().commands.publish_posting

    assert handler.duplicate_policy == DuplicatePolicy(0.9, timedelta(days=10))
