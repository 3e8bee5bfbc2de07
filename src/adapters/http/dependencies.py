"""Per-request dependencies: the application, and who is calling.

The container is wrapped in plain typed functions for Litestar's own
``Provide``: dependency-injector markers on Litestar handlers would be read as
query parameters.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from litestar.params import SkipValidation

from adapters.observability.middleware import AUDIENCE_STATE_KEY
from application.auth import Principal
from application.catalogue import Application
from application.idempotency import IdempotencyStore
from domain.ids import CompanyId

# What handlers ask for, by name (Litestar injects by parameter name). The application and
# the idempotency store are the container's own objects, not a client's input: checking
# them per request would walk the whole catalogue (about 100 us a request, measured).
Jobboard = NamedDependency[SkipValidation[Application]]
Idempotency = NamedDependency[SkipValidation[IdempotencyStore]]
EmployerCompany = NamedDependency[CompanyId]
Admin = NamedDependency[Principal]


def provide_jobboard(state: State) -> Application:
    application: Application = state.container.application()
    return application


def provide_idempotency(state: State) -> IdempotencyStore:
    store: IdempotencyStore = state.container.idempotency()
    return store


def bearer_token(request: Request[Any, Any, Any]) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def provide_principal(request: Request[Any, Any, Any], jobboard: Jobboard) -> Principal:
    principal = await jobboard.authenticate(bearer_token(request))
    request.state[AUDIENCE_STATE_KEY] = principal.audience.value  # for the request's log line
    return principal


async def provide_company_id(principal: NamedDependency[Principal]) -> CompanyId:
    """The company an employer key acts for; 403 for an admin key."""
    return principal.employer_company()


async def provide_admin(principal: NamedDependency[Principal]) -> Principal:
    principal.require_admin()
    return principal
