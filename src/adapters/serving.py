"""Serving the board: one process, or N API workers, one projector and one relay process.

One process (the default) runs uvicorn with the app and, inside it, the projector.
With ``--workers N`` (N > 1) this process becomes a small supervisor: it binds the
socket once, spawns N uvicorn workers that share it (the kernel spreads the
connections) with their projector off, and one projector process of its own, so
events are applied in exactly one place (and, with JOBBOARD_NATS_URL set, one relay
process that publishes them to NATS). It forwards SIGTERM/SIGINT: the workers
drain first (new events may still be written until they stop), then the projector.

Every server here shuts down the same way on SIGTERM: ``/ready`` turns 503 at once;
after ``JOBBOARD_SHUTDOWN_DELAY_SECONDS`` (0 by default, for a load balancer to notice)
it stops accepting, lets in-flight requests finish within
``JOBBOARD_SHUTDOWN_GRACE_SECONDS``, stops the projector after its current batch,
closes the pool, and exits 0.
"""

from __future__ import annotations

import asyncio
import logging
import math
import multiprocessing
import os
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
from litestar import Litestar

from adapters.connection_timeouts import BoardServerConfig
from adapters.container import Container, release
from adapters.lifecycle import announce_shutdown
from adapters.observability.logs import configure_logging
from adapters.postgres.migrate import upgrade_exclusively
from adapters.runtime import build_container
from adapters.settings import Settings

log = logging.getLogger(__name__)

STARTUP_FAILURE = 3  # what uvicorn exits with when the app cannot start


class GracefulServer(uvicorn.Server):
    """uvicorn's server, told to report not-ready on SIGTERM, to wait the configured delay
    before it stops accepting, and to exit 0 after a clean drain."""

    def __init__(self, config: uvicorn.Config, shutdown_delay: float = 0.0) -> None:
        super().__init__(config)
        self._shutdown_delay = shutdown_delay
        self._leaving = False

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        # The signal is not recorded for uvicorn to re-raise after shutdown: a drained
        # server exits 0, not "killed by SIGTERM".
        announce_shutdown()
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True  # a second Ctrl-C: stop waiting
        elif self._shutdown_delay > 0 and not self._leaving:
            self._leaving = True
            threading.Timer(self._shutdown_delay, self._leave).start()
        else:
            self._leave()

    def _leave(self) -> None:
        self.should_exit = True


def server_config(
    app: Any, settings: Settings, host: str, port: int, **extra: Any
) -> uvicorn.Config:
    return BoardServerConfig(
        app,
        keep_alive_seconds=settings.http_keep_alive_seconds,
        header_timeout_seconds=settings.http_header_timeout_seconds,
        timeout_keep_alive=math.ceil(settings.http_keep_alive_seconds),
        host=host,
        port=port,
        log_config=None,  # our logging, configured before the server starts
        log_level=settings.log_level.lower(),
        access_log=False,  # the app logs each request itself, with its id
        # Forwarded headers are read by the app, and only from JOBBOARD_TRUSTED_PROXIES
        # (adapters.http.client_address); uvicorn's own reading trusts loopback by default.
        proxy_headers=False,
        lifespan="on",
        timeout_graceful_shutdown=math.ceil(settings.shutdown_grace_seconds),
        **extra,
    )


def serve(
    settings: Settings,
    url: str,
    *,
    host: str,
    port: int,
    workers: int,
    run_projector: bool,
    migrate: bool,
    on_shutdown: Callable[[], None],
) -> int:
    if workers == 1:
        return _serve_in_process(settings, url, host, port, run_projector, migrate, on_shutdown)
    return _serve_workers(settings, url, host, port, workers, run_projector, migrate)


def _serve_in_process(
    settings: Settings,
    url: str,
    host: str,
    port: int,
    run_projector: bool,
    migrate: bool,
    on_shutdown: Callable[[], None],
) -> int:
    from adapters.http.app import create_app

    settings = settings.model_copy(update={"run_projector": run_projector})
    app = create_app(build_container(settings, url), on_shutdown, migrate_on_start=migrate)
    server = GracefulServer(
        server_config(app, settings, host, port), settings.shutdown_delay_seconds
    )
    server.run()
    return 0 if server.started else STARTUP_FAILURE


def worker_app() -> Litestar:
    """The app of one API worker (a uvicorn factory): configured by the supervisor's environment."""
    from adapters.http.app import create_app

    settings = Settings()
    if settings.database_url is None:
        raise RuntimeError("a worker needs DATABASE_URL; `jobboard serve --workers N` sets it")
    container = build_container(settings, settings.database_url.get_secret_value())
    return create_app(container, migrate_on_start=settings.migrate_on_start)


def _run_worker(config: uvicorn.Config, shutdown_delay: float, sock: socket.socket) -> None:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    server = GracefulServer(config, shutdown_delay)
    server.run(sockets=[sock])
    if not server.started:
        raise SystemExit(STARTUP_FAILURE)


async def _run_until_signalled(
    container: Container,
    work: Callable[[asyncio.Event], Awaitable[None]],
    *,
    name: str,
    migrate: bool,
    role: str,
) -> None:
    """Run one worker (``work``, given the stop event) until SIGTERM/SIGINT, after the
    migrations when asked, and release what the container opened however it ends."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        if migrate:
            await upgrade_exclusively(container.database_url())
        log.info("%s started", name, extra={"role": role})
        await work(stop)
    finally:
        await release(container)
        log.info("%s stopped", name, extra={"role": role})


def _process_container() -> tuple[Container, bool]:
    """A worker process's container, from the settings the supervisor passed down, and
    whether it migrates on start."""
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    assert settings.database_url is not None  # set by the supervisor
    container = build_container(settings, settings.database_url.get_secret_value())
    return container, settings.migrate_on_start


def _run_projector_process() -> None:
    container, migrate = _process_container()
    asyncio.run(run_projector(container, migrate=migrate, role="process"))


def take_priority(nice: int | None) -> None:
    """Give this process the nice value ``nice`` (None: leave it as started). Refused (a
    value below the current one needs root or CAP_SYS_NICE), it says so and runs on.

    The projector's work is small (a few percent of a core at 200 writes a second) but
    each batch is a chain of round trips, and when searches keep both cores busy every
    step of it waits behind them: at 1M postings under P4's load, lag p99 was 95-111 ms
    as started and 29-34 ms at nice -10 (decision 011)."""
    if nice is None:
        return
    try:
        os.setpriority(os.PRIO_PROCESS, 0, nice)
    except PermissionError:
        log.warning(
            "could not take nice %d (needs root or CAP_SYS_NICE); running at %d",
            nice,
            os.getpriority(os.PRIO_PROCESS, 0),
        )


def _run_relay_process() -> None:
    container, migrate = _process_container()
    asyncio.run(run_relay(container, migrate=migrate, role="process"))


async def run_relay(container: Container, *, migrate: bool, role: str) -> None:
    """Relay the outbox to NATS until SIGTERM/SIGINT; it stops after its current batch."""
    await _run_until_signalled(
        container, container.relay().run, name="relay", migrate=migrate, role=role
    )


async def run_mailer(container: Container, *, migrate: bool, role: str) -> None:
    """Send alert mail (issue 20 item 3) until SIGTERM/SIGINT; it stops after its current
    mail. Another mailer running holds the lock: this one waits for it."""
    await _run_until_signalled(
        container, container.mailer().run, name="alert mailer", migrate=migrate, role=role
    )


async def run_webhooks(container: Container, *, migrate: bool, role: str) -> None:
    """Run the webhook worker until SIGTERM/SIGINT; it stops after its current round (a
    delivery being sent is finished or, killed, sent again after its lease)."""
    await _run_until_signalled(
        container,
        container.webhook_worker().run,
        name="webhook worker",
        migrate=migrate,
        role=role,
    )


def _run_webhooks_process() -> None:
    container, migrate = _process_container()
    asyncio.run(run_webhooks(container, migrate=migrate, role="process"))


async def run_projector(container: Container, *, migrate: bool, role: str) -> None:
    """Run the projector until SIGTERM/SIGINT; it stops after its current batch."""
    take_priority(container.settings().projector_nice)
    await _run_until_signalled(
        container, container.projector().run, name="projector", migrate=migrate, role=role
    )


def _metrics_directory() -> Path | None:
    """The directory every process writes its metrics to; made here unless configured.
    Answers the directory to remove at the end (None: the operator's own)."""
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if configured:
        directory = Path(configured)
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):  # a previous run's values would be summed in
            stale.unlink()
        return None
    made = Path(tempfile.mkdtemp(prefix="jobboard-metrics-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(made)
    return made


def _serve_workers(
    settings: Settings,
    url: str,
    host: str,
    port: int,
    workers: int,
    run_projector: bool,
    migrate: bool,
) -> int:
    # The children read their settings from the environment, as any process would.
    os.environ["DATABASE_URL"] = url
    os.environ["JOBBOARD_RUN_PROJECTOR"] = "false"
    os.environ["JOBBOARD_RUN_RELAY"] = "false"  # one relay process beside them, if any
    os.environ["JOBBOARD_RUN_WEBHOOKS"] = "false"  # one webhook worker beside them, if any
    os.environ["JOBBOARD_MIGRATE_ON_START"] = "true" if migrate else "false"
    made_directory = _metrics_directory()

    config = server_config("adapters.serving:worker_app", settings, host, port, factory=True)
    sock = config.bind_socket()
    spawn = multiprocessing.get_context("spawn")
    api = [
        spawn.Process(
            target=_run_worker,
            args=(config, settings.shutdown_delay_seconds, sock),
            name=f"jobboard-api-{index}",
        )
        for index in range(workers)
    ]
    projector = (
        spawn.Process(target=_run_projector_process, name="jobboard-projector")
        if run_projector
        else None
    )
    relay = (
        spawn.Process(target=_run_relay_process, name="jobboard-relay")
        if settings.nats_url is not None and settings.run_relay
        else None
    )
    webhooks = (
        spawn.Process(target=_run_webhooks_process, name="jobboard-webhooks")
        if settings.run_webhooks
        else None
    )
    children = [*api, *([projector] if projector else []), *([relay] if relay else [])]
    children += [webhooks] if webhooks else []

    asked_to_stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: asked_to_stop.set())
    for child in children:
        child.start()
    log.info(
        "serving with %d API workers%s",
        workers,
        " and one projector process" if projector else " (no projector)",
        extra={
            "workers": [c.pid for c in api],
            "projector": projector.pid if projector else None,
            "relay": relay.pid if relay else None,
        },
    )
    try:
        while not asked_to_stop.wait(0.2):
            if ended := [c for c in children if not c.is_alive()]:
                log.error(
                    "%s ended with %s; stopping the others",
                    ended[0].name,
                    ended[0].exitcode,
                )
                break
        wait = settings.shutdown_delay_seconds + settings.shutdown_grace_seconds + 10
        _stop(api, wait)
        # The workers wrote their last events: the projector and the relay take them in.
        _stop([p for p in (projector, relay, webhooks) if p is not None], wait)
    finally:
        sock.close()
        if made_directory is not None:
            shutil.rmtree(made_directory, ignore_errors=True)
    clean = asked_to_stop.is_set() and all(c.exitcode == 0 for c in children)
    return 0 if clean else 1


def _stop(processes: list[Any], within: float) -> None:
    """SIGTERM each process, wait for them all, kill what is still there after ``within``."""
    for process in processes:
        if process.is_alive():
            os.kill(process.pid, signal.SIGTERM)
    for process in processes:
        process.join(within)  # they were all signalled together: each has about the same time
        if process.is_alive():
            log.error("%s did not stop within %.0fs; killing it", process.name, within)
            process.kill()
            process.join()
