"""Job alerts over HTTP (public, no key): ask for one, confirm it from its email, and
unsubscribe with one click (RFC 8058: the mail's List-Unsubscribe link, POSTed)."""

from __future__ import annotations

import html
from typing import Annotated, Any

from litestar import Controller, Response, get, post
from litestar.datastructures import State
from litestar.params import FromQuery, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from adapters.http.openapi_operations import BoardOperation, WriteOperation
from adapters.http.problem_docs import problem_responses
from adapters.http.problems import Problem
from adapters.http.search_parameters import BY_NAME, MAX_REPEATS, search_from_query
from application.alerts.catalogue import AlertUseCases
from application.alerts.commands import AlertState, FollowAlertLink, RequestAlert

# The search's parameters that shape a page, not what a posting must be: not saved.
NOT_FILTERS = frozenset({"sort", "limit", "cursor", "facets"})
FILTER_NAMES = tuple(name for name in BY_NAME if name not in NOT_FILTERS)
Token = FromQuery[str]


class AlertBody(BaseModel):
    """An address, how often it hears of new postings, and the filters of
    `GET /v1/postings` (q included; a repeatable one as a list)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: Annotated[str, Field(min_length=1, max_length=254)]
    frequency: Annotated[str, Field(max_length=16)] = "instant"
    filters: dict[str, str | list[str]] = Field(default_factory=dict)


def _invalid(field: str, message: str) -> Problem:
    return Problem("validation-failed", message, [{"field": field, "message": message}])


def _pairs(filters: dict[str, str | list[str]]) -> list[tuple[str, str]]:
    """The filters as a query string's pairs, for the search's own parser."""
    pairs: list[tuple[str, str]] = []
    for name, value in filters.items():
        if name not in FILTER_NAMES:
            raise _invalid(f"filters.{name}", f"filters may name {', '.join(FILTER_NAMES)}")
        values = value if isinstance(value, list) else [value]
        if len(values) > MAX_REPEATS or (len(values) > 1 and BY_NAME[name].kind != "repeated"):
            raise _invalid(f"filters.{name}", f"{name} takes one value")
        pairs += [(name, v) for v in values if v.strip()]
    return pairs


def _use_cases(state: State) -> AlertUseCases:
    alerts: AlertUseCases = state.container.alerts()
    return alerts


def _answer(alert: AlertState) -> dict[str, Any]:
    return {"id": str(alert.alert_id), "status": alert.status.value, "frequency": alert.frequency}


def _page(title: str, text: str, action: str | None, token: str, button: str) -> Response[str]:
    form = ""
    if action is not None:
        form = (
            f'<form method="post" action="{action}?token={html.escape(token)}">'
            f'<button type="submit">{html.escape(button)}</button></form>'
        )
    body = (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{html.escape(title)}</title>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>{form}</html>"
    )
    return Response(body, media_type="text/html; charset=utf-8", status_code=HTTP_200_OK)


class AlertController(Controller):
    path = "/v1/alerts"
    tags = ["candidates"]

    @post(
        "/",
        status_code=HTTP_202_ACCEPTED,
        operation_id="requestAlert",
        operation_class=WriteOperation,
        summary="Ask for a job alert",
        responses=problem_responses(400, 415, 422, 429, 503),
    )
    async def request_alert(
        self, data: JSONBody[dict[str, Any]], state: State
    ) -> Response[dict[str, Any]]:
        """`email`, `frequency` (`instant`: a mail per matching posting; `daily`: one
        digest a day) and `filters`: those of `GET /v1/postings`, judged as it judges
        them. The alert is pending: the address gets a confirmation email and the alert
        sends nothing more until its link is followed, within 48 hours."""
        try:
            body = AlertBody.model_validate(data)
        except ValidationError as error:  # every bad field at once, each named
            errors = [
                {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
                for e in error.errors()
            ]
            fields = ", ".join(e["field"] for e in errors)
            raise Problem("validation-failed", f"invalid fields: {fields}", errors) from None
        filters = search_from_query(_pairs(body.filters)).filters
        alert = await _use_cases(state).request(RequestAlert(body.email, filters, body.frequency))
        return Response(_answer(alert), status_code=HTTP_202_ACCEPTED)

    @get(
        "/confirm",
        operation_id="alertConfirmPage",
        operation_class=BoardOperation,
        summary="The page a confirmation link opens",
        media_type="text/html",
        responses=problem_responses(400, 404, 503),
    )
    async def confirm_page(self, token: Token, state: State) -> Response[str]:
        """Shows what confirming does, with a button that POSTs it: a link scanner opening
        the mail's link confirms nothing."""
        alert = await _use_cases(state).look_up(FollowAlertLink(token))
        return _page(
            "Confirm your job alert",
            f"This alert is {alert.status.value}; it sends {alert.frequency} mail once confirmed.",
            "/v1/alerts/confirm",
            token,
            "Confirm",
        )

    @post(
        "/confirm",
        status_code=HTTP_200_OK,
        operation_id="confirmAlert",
        operation_class=WriteOperation,
        summary="Confirm a job alert",
        responses=problem_responses(400, 404, 409, 429, 503),
    )
    async def confirm(self, token: Token, state: State) -> dict[str, Any]:
        """The token of the confirmation email's link: the alert starts matching new
        postings. 409 once it expired or ended."""
        return _answer(await _use_cases(state).confirm(FollowAlertLink(token)))

    @get(
        "/unsubscribe",
        operation_id="alertUnsubscribePage",
        operation_class=BoardOperation,
        summary="The page an unsubscribe link opens",
        media_type="text/html",
        responses=problem_responses(400, 404, 503),
    )
    async def unsubscribe_page(self, token: Token, state: State) -> Response[str]:
        """Shows the alert's state with a button that POSTs the unsubscription."""
        alert = await _use_cases(state).look_up(FollowAlertLink(token))
        return _page(
            "Stop this job alert",
            f"This alert is {alert.status.value}.",
            "/v1/alerts/unsubscribe",
            token,
            "Unsubscribe",
        )

    @post(
        "/unsubscribe",
        status_code=HTTP_200_OK,
        operation_id="unsubscribeAlert",
        operation_class=WriteOperation,
        summary="Unsubscribe from a job alert (one click)",
        responses=problem_responses(400, 404, 429, 503),
    )
    async def unsubscribe(self, token: Token, state: State) -> dict[str, Any]:
        """RFC 8058 one-click: a mail client POSTs `List-Unsubscribe=One-Click` to the
        mail's List-Unsubscribe link (the body is not needed). Nothing more is sent."""
        return _answer(await _use_cases(state).unsubscribe(FollowAlertLink(token)))
