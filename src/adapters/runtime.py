"""Starting the board's parts: which database, a wired container, a clean stop."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from adapters.container import Container
from adapters.postgres.embedded import EmbeddedPostgres
from adapters.settings import Settings


@contextmanager
def database(settings: Settings) -> Iterator[tuple[str, Callable[[], None]]]:
    """The database URL to use, and how to let go of it.

    DATABASE_URL when set; else an embedded PostgreSQL in the data directory,
    started here and stopped when the block ends (or by the returned callback).
    """
    if settings.database_url is not None:
        yield settings.database_url.get_secret_value(), lambda: None
        return
    embedded = EmbeddedPostgres(settings.data_dir)
    url = embedded.start()
    try:
        yield url, embedded.stop
    finally:
        embedded.stop()


def build_container(settings: Settings, url: str) -> Container:
    return Container(settings=settings, database_url=url)


def configure_logging(settings: Settings) -> None:
    from adapters.observability.logs import configure_logging as configure

    configure(settings.log_level, settings.log_format)
