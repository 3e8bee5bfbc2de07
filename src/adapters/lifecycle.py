"""Where a serving process is in its life, for ``/ready``: migrating, serving, or stopping.

A server's signal handler cannot reach the app it serves, so every live
``Lifecycle`` of the process is told at once by ``announce_shutdown()``.
"""

from __future__ import annotations

import weakref
from enum import StrEnum


class Phase(StrEnum):
    STARTING = "starting"
    MIGRATING = "migrating"
    SERVING = "serving"
    STOPPING = "stopping"


_NOT_READY = {
    Phase.STARTING: "the service is starting",
    Phase.MIGRATING: "the database schema is being migrated",
    Phase.STOPPING: "the service is shutting down",
}

_LIVE: weakref.WeakSet[Lifecycle] = weakref.WeakSet()


class Lifecycle:
    def __init__(self) -> None:
        self.phase = Phase.SERVING
        _LIVE.add(self)

    def not_ready_because(self) -> str | None:
        """Why the process should get no traffic now, or None when it may."""
        return _NOT_READY.get(self.phase)

    def migrating(self) -> None:
        if self.phase is not Phase.STOPPING:
            self.phase = Phase.MIGRATING

    def serving(self) -> None:
        if self.phase is not Phase.STOPPING:
            self.phase = Phase.SERVING

    def stopping(self) -> None:
        self.phase = Phase.STOPPING


def announce_shutdown() -> None:
    """The process was asked to stop: every app in it reports not-ready from now on."""
    for lifecycle in list(_LIVE):
        lifecycle.stopping()
