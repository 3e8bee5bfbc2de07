"""A private PostgreSQL cluster the fault tests may stop, freeze and restart at will.

It is made with Debian's ``initdb``/``pg_ctl`` in a temporary directory, listens
on a free loopback port only, and runs as the ``postgres`` user when the tests
run as root (``initdb`` refuses root). Whoever starts one must ``destroy()`` it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

POSTGRES_BIN = Path(os.environ.get("JOBBOARD_PG_BIN", "/usr/lib/postgresql/15/bin"))


def pg_ctl_available() -> bool:
    return (POSTGRES_BIN / "pg_ctl").exists() and (POSTGRES_BIN / "initdb").exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PrivateCluster:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="jobboard-fault-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.root, "postgres")
        self._run(
            POSTGRES_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off -c max_connections=200"
        self._run(POSTGRES_BIN / "pg_ctl", "-D", self.data, "-o", options, "-l", self.log,
                  "-w", "start")  # fmt: skip

    def stop(self) -> None:
        self._run(POSTGRES_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def freeze(self) -> None:
        """Stop every server process without closing a socket: the server hangs, mute."""
        self._signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self._signal(signal.SIGCONT)

    def _signal(self, signum: int) -> None:
        for pid in self._pids():
            with contextlib.suppress(ProcessLookupError):  # a backend that just ended
                os.kill(pid, signum)

    def destroy(self) -> None:
        """Stop the server (thawing it first if frozen) and delete its files."""
        try:
            if (self.data / "postmaster.pid").exists():
                self.thaw()
                self._run(POSTGRES_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "-w",
                          "stop")  # fmt: skip
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _pids(self) -> list[int]:
        """The postmaster and its children, from the pid file and /proc."""
        postmaster = int((self.data / "postmaster.pid").read_text().splitlines()[0])
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                parent = int(stat.rsplit(")", 1)[1].split()[1])
                if parent == postmaster:
                    children.append(int(entry.name))
        return [postmaster, *children]

    def _run(self, *command: object) -> None:
        argv = [str(part) for part in command]
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, check=True, capture_output=True, timeout=60)
