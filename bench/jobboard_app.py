"""jobboard itself, as ``jobboard serve`` builds it, for granian's ``--factory``.

``create_app(build_container(...))``, with its projector in-process or, with
``JOBBOARD_RUN_PROJECTOR=false``, off (the harness then runs ``jobboard projector``
beside it: ``--projector``); the database is BENCH_DATABASE_URL and the JOBBOARD_*
settings come from the environment like any deployment's.
"""

from __future__ import annotations

import os

from litestar import Litestar
from pydantic import SecretStr

from adapters.http.app import create_app
from adapters.runtime import build_container, configure_logging
from adapters.settings import Settings


def app() -> Litestar:
    """The factory granian calls."""
    url = os.environ["BENCH_DATABASE_URL"]
    settings = Settings(database_url=SecretStr(url))
    configure_logging(settings)
    return create_app(build_container(settings, url))
