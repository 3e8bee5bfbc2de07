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
from adapters.http.problems import EXCEPTION_HANDLERS, problem_response
from adapters.http.public_routes import PublicController

log = logging.getLogger(__name__)


@get("/health", tags=["operations"], summary="The process lives")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/ready", tags=["operations"], summary="The database answers")
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
        request_max_body_size=1_048_576,
        debug=False,
    )
