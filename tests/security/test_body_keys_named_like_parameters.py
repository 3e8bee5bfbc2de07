"""A body key named like one of a route's own parameters is an unknown field, not a 500.

Litestar keys a body model's errors by the field name alone, so ``{"jobboard": 1}``
was taken for the handler's ``jobboard`` dependency (500) and ``{"company_id": 1}``
for its path parameter (400 "invalid parameter").
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from adapters.container import Container
from adapters.http.app import create_app
from e2e.board import Employer, assert_problem, sign_up

# The names the issue found, and every parameter and dependency of the routes besides.
KNOWN = {"jobboard", "idempotency", "principal", "admin", "company_id", "posting_id"}


def _body_routes(app: Litestar) -> list[tuple[str, str, set[str]]]:
    """(method, path, names) of each route that reads a JSON body: the names of its handler's
    parameters and of the dependencies it is given."""
    found: list[tuple[str, str, set[str]]] = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            parameters = set(handler.parsed_fn_signature.parameters)
            if "data" not in parameters:
                continue
            names = parameters | set(handler.resolve_dependencies()) | KNOWN
            for method in handler.http_methods:
                found.append((str(method), route.path, names - {"data", "self"}))
    return found


def _url(path: str) -> str:
    # Any well-formed id: the body is refused before any resource is looked up.
    for name in ("company_id", "posting_id", "requirement_id", "key_id", "application_id"):
        path = path.replace("{" + name + ":uuid}", str(uuid.uuid4()))
    return path


def _headers(path: str, employer: Employer, admin: dict[str, str]) -> dict[str, str]:
    if path.startswith("/v1/admin"):
        return admin
    return employer.headers if path.startswith("/v1/employer") else {}


async def test_every_body_route_refuses_a_key_named_like_its_parameters_naming_it(
    client: httpx.AsyncClient, container: Container, admin_headers: dict[str, str]
) -> None:
    employer = await sign_up(client, "Keys Ltd")
    routes = _body_routes(create_app(container))
    assert {path for _, path, _ in routes} >= {
        "/v1/companies",
        "/v1/employer/postings",
        "/v1/employer/company",
        "/v1/admin/companies/{company_id:uuid}/suspend",
    }

    failures: list[str] = []
    for method, path, names in routes:
        for name in sorted(names):
            response = await client.request(
                method,
                _url(path),
                json={name: 1},
                headers=_headers(path, employer, admin_headers),
            )
            body: dict[str, Any] = (
                response.json() if response.headers.get("content-type", "").endswith("json") else {}
            )
            named = {e.get("field") for e in body.get("errors", [])}
            if response.status_code not in (400, 422) or name not in named:
                failures.append(f"{method} {path} {{{name!r}: 1}} -> {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", sorted(KNOWN))
async def test_a_sign_up_with_a_key_named_like_a_parameter_is_refused_and_nothing_is_made(
    client: httpx.AsyncClient, name: str
) -> None:
    response = await client.post(
        "/v1/companies", json={"name": "Acme Ltd", "country": "GB", name: "x"}
    )

    body = assert_problem(response, 422, "validation-failed", fields={name})
    assert [e["pointer"] for e in body["errors"]] == [f"/{name}"]
    again = await client.post("/v1/companies", json={"name": "Acme Ltd", "country": "GB"})
    assert again.json()["company"]["slug"] == "acme-ltd"  # the refused one made no company
