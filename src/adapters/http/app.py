"""The Litestar application: routes, problem handling, OpenAPI, and the in-process projector."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any, cast

from litestar import Litestar, Response, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.types import ASGIApp

from adapters.container import Container, release
from adapters.http.admin_routes import AdminController
from adapters.http.alert_routes import AlertController
from adapters.http.application_routes import (
    CandidateApplicationController,
    EmployerApplicationController,
)
from adapters.http.audit_routes import AuditController
from adapters.http.client_address import ClientAddresses, parse_networks
from adapters.http.compat_routes import GreenhouseController, LeverController
from adapters.http.dependencies import provide_idempotency, provide_jobboard
from adapters.http.docs_assets import docs_assets, offline_docs
from adapters.http.employer_routes import EmployerController, SignupController
from adapters.http.event_schema_routes import EventSchemaController
from adapters.http.feed_routes import FeedController, SitemapController
from adapters.http.moderation_routes import ModerationController, ReportController
from adapters.http.openapi_operations import COMPONENTS, BoardOperation
from adapters.http.openapi_types import DecimalAsNumber
from adapters.http.problem_docs import problem_responses
from adapters.http.problems import EXCEPTION_HANDLERS, problem_response
from adapters.http.public_routes import PublicController
from adapters.http.rate_limits import WriteRateLimits
from adapters.http.search_fast_path import SearchFastPath
from adapters.http.security_headers import security_headers
from adapters.http.sync_routes import SyncController
from adapters.http.webhook_routes import AdminWebhookController, EmployerWebhookController
from adapters.observability.logs import access_logger
from adapters.observability.middleware import observe_requests
from adapters.observability.routes import metrics

log = logging.getLogger(__name__)


@get("/health", tags=["operations"], summary="The process lives", operation_id="getHealth")
async def health() -> dict[str, str]:
    """200 while the process lives, whatever the database does."""
    return {"status": "ok"}


@get(
    "/ready",
    tags=["operations"],
    summary="The database answers",
    operation_id="getReadiness",
    operation_class=BoardOperation,
    responses=problem_responses(503),
)
async def ready(state: State) -> Response[dict[str, Any]]:
    """200 when the database answers within a second, 503 otherwise (and while the schema is
    migrated or the process shuts down)."""
    if reason := state.container.lifecycle().not_ready_because():
        return problem_response("not-ready", reason)
    if not await state.container.probe().answers():
        return problem_response("not-ready", "the database does not answer")
    return Response({"status": "ready"})


def create_app(
    container: Container,
    on_shutdown: Callable[[], None] | None = None,
    *,
    migrate_on_start: bool = False,
    search_fast_path: bool = True,
) -> Litestar:
    """Assemble the app around a wired container. ``on_shutdown`` runs last (e.g. stopping an
    embedded PostgreSQL), from the server's own shutdown, since SIGTERM skips atexit hooks.
    With ``migrate_on_start`` the app migrates the schema as it starts, not-ready meanwhile.
    ``search_fast_path`` answers GET /v1/postings ahead of the framework (decision 013);
    a test turns it off to hold the route to the same answers."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        stop = asyncio.Event()
        if migrate_on_start:
            container.lifecycle().migrating()  # before the first request can ask /ready
        task = asyncio.create_task(_start(container, stop, migrate_on_start), name="start")
        # What is built by now (the app, its routes and schemas, the container, every module)
        # lives as long as the process: leave it out of the collector's full passes, which
        # otherwise walk it all, in the middle of some request, every few thousand requests.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            container.lifecycle().stopping()
            stop.set()
            await task
            await release(container)
            if on_shutdown is not None:
                on_shutdown()

    app = Litestar(
        route_handlers=[
            health,
            ready,
            metrics,
            PublicController,
            FeedController,
            SyncController,
            GreenhouseController,
            LeverController,
            SitemapController,
            SignupController,
            EmployerController,
            AdminController,
            EventSchemaController,
            AuditController,
            docs_assets(),
            CandidateApplicationController,
            EmployerApplicationController,
            # moderation: reports of postings, the admins' queue and decisions
            ReportController,
            ModerationController,
            # Job alerts (issue 20 item 3).
            AlertController,
            # signed webhooks
            EmployerWebhookController,
            AdminWebhookController,
        ],
        dependencies={
            "jobboard": Provide(provide_jobboard, sync_to_thread=False),
            "idempotency": Provide(provide_idempotency, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        state=State({"container": container}),
        openapi_config=OpenAPIConfig(
            title="jobboard",
            version="1",
            description="Employers publish job postings; candidates search them; admins keep "
            "the board clean. Errors are RFC 9457 problem details.",
            path="/schema",
            render_plugins=[offline_docs()],
            components=COMPONENTS,
            use_handler_docstrings=True,
        ),
        request_max_body_size=container.settings().max_body_bytes,
        middleware=_rate_limits(container),
        before_send=[security_headers(container.settings())],
        plugins=[DecimalAsNumber()],
        debug=False,
        logging_config=None,  # the process's logging is ours (adapters.observability.logs)
    )
    settings = container.settings()
    # Outermost, so that every answer is logged and counted: the framework's own 404s and
    # 405s, which no route's middleware sees, included.
    handler: ASGIApp = app.asgi_handler
    if search_fast_path:
        handler = app.state.search_fast_path = SearchFastPath(
            handler, lambda: container.application().queries, cors=bool(settings.cors_origins)
        )
    app.asgi_handler = observe_requests(  # type: ignore[assignment]
        cast(Any, handler),
        metrics_enabled=settings.metrics_enabled,
        access_log=access_logger(settings.log_level, settings.log_format)
        if settings.access_log
        else None,
        tracer=container.tracer(),
    )
    # Outermost of all: every part of the app sees the one checked client address.
    addresses = ClientAddresses(
        parse_networks(settings.trusted_proxies), settings.trusted_proxy_header
    )
    app.asgi_handler = addresses.middleware(cast(Any, app.asgi_handler))  # type: ignore[assignment]
    return app


async def _start(container: Container, stop: asyncio.Event, migrate: bool) -> None:
    """Migrate (if asked; not-ready meanwhile), then run the projector and the relay (each if
    asked) until stopped.
    A shutdown during the migration abandons the wait for it (another process may hold it)."""
    lifecycle = container.lifecycle()
    if migrate:
        migration = asyncio.ensure_future(container.migrate()(container.database_url()))
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({migration, stopped}, return_when=asyncio.FIRST_COMPLETED)
        stopped.cancel()
        if not migration.done():
            migration.cancel()
            return
        if migration.exception() is not None:
            log.error(
                "migrating the database failed; the service stays not-ready",
                exc_info=migration.exception(),
            )
            return
    lifecycle.serving()
    purging = asyncio.create_task(_purge_idempotency_answers(container, stop), name="purge")
    settings = container.settings()
    relaying = None
    if settings.nats_url is not None and settings.run_relay and not stop.is_set():
        log.info("relay started", extra={"role": "in-process"})
        relaying = asyncio.create_task(container.relay().run(stop), name="relay")
    # The alert mailer (issue 20 item 3) when SMTP is configured; its lock lets one run.
    mailing = None
    if settings.smtp_host is not None and settings.run_mailer and not stop.is_set():
        log.info("alert mailer started", extra={"role": "in-process"})
        mailing = asyncio.create_task(container.mailer().run(stop), name="mailer")
    webhooks = None
    if settings.run_webhooks and not stop.is_set():
        log.info("webhook worker started", extra={"role": "in-process"})
        webhooks = asyncio.create_task(container.webhook_worker().run(stop), name="webhooks")
    if settings.run_projector and not stop.is_set():
        log.info("projector started", extra={"role": "in-process"})
        await container.projector().run(stop)
    await purging
    if relaying is not None:
        await relaying
    if mailing is not None:
        await mailing
    if webhooks is not None:
        await webhooks


# How often each API process forgets the Idempotency-Key answers kept past their time.
PURGE_INTERVAL_SECONDS = 600.0


async def _purge_idempotency_answers(container: Container, stop: asyncio.Event) -> None:
    """Until stopped: purge the expired Idempotency-Key answers, now and then (several
    workers doing it is harmless: a purge deletes what none of them needs)."""
    store = container.idempotency()
    while not stop.is_set():
        try:
            if purged := await store.purge():
                log.info("purged %d expired idempotency answers", purged)
        except Exception as error:  # the database may be away; the next round tries again
            log.warning("purging idempotency answers failed: %r", error)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=PURGE_INTERVAL_SECONDS)


def _rate_limits(container: Container) -> list[Callable[[Any], Any]]:
    """Writes and sign-ups pass through the rate limits (when enabled); reads never do."""
    settings = container.settings()
    if not settings.rate_limit_enabled:
        return []
    return [WriteRateLimits.from_settings(settings, container.rate_limit_storage()).middleware]
