"""The Litestar application: routes, problem handling, OpenAPI, and the in-process projector."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from litestar import Litestar, Response, get
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import ScalarRenderPlugin
from sqlalchemy import text

from adapters.container import Container, release
from adapters.http.admin_routes import AdminController
from adapters.http.dependencies import provide_idempotency, provide_jobboard
from adapters.http.employer_routes import EmployerController, SignupController
from adapters.http.openapi_types import DecimalAsNumber
from adapters.http.problem_docs import problem_responses
from adapters.http.problems import EXCEPTION_HANDLERS, problem_response
from adapters.http.public_routes import PublicController
from adapters.http.rate_limits import WriteRateLimits
from adapters.http.security_headers import security_headers

log = logging.getLogger(__name__)


@get("/health", tags=["operations"], summary="The process lives")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get(
    "/ready",
    tags=["operations"],
    summary="The database answers",
    responses=problem_responses(503),
)
async def ready(state: State) -> Response[dict[str, Any]]:
    """200 when the database answers within a second, 503 otherwise."""
    try:
        async with asyncio.timeout(1.0), state.container.engine().connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach the database means "not ready"
        log.warning("not ready: %s", error)
        return problem_response("not-ready", "the database does not answer")
    return Response({"status": "ready"})


def create_app(container: Container, on_shutdown: Callable[[], None] | None = None) -> Litestar:
    """Assemble the app around a wired container. ``on_shutdown`` runs last (e.g. stopping an
    embedded PostgreSQL), from the server's own shutdown, since SIGTERM skips atexit hooks."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task: asyncio.Task[None] | None = None
        if container.settings().run_projector:
            task = asyncio.create_task(container.projector().run(stop), name="projector")
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                await task
            await release(container)
            if on_shutdown is not None:
                on_shutdown()

    return Litestar(
        route_handlers=[
            health,
            ready,
            PublicController,
            SignupController,
            EmployerController,
            AdminController,
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
            render_plugins=[ScalarRenderPlugin()],
        ),
        request_max_body_size=container.settings().max_body_bytes,
        middleware=_rate_limits(container),
        before_send=[security_headers(container.settings())],
        plugins=[DecimalAsNumber()],
        debug=False,
    )


def _rate_limits(container: Container) -> list[Callable[[Any], Any]]:
    """Writes and sign-ups pass through the rate limits (when enabled); reads never do."""
    settings = container.settings()
    if not settings.rate_limit_enabled:
        return []
    return [WriteRateLimits.from_settings(settings).middleware]
