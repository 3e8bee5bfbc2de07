"""Webhook routes: an employer manages its company's endpoints under /v1/employer/webhooks,
an admin the board-wide ones under /v1/admin/webhooks (the same shape, every change
audited). Another owner's endpoint answers 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, Response, delete, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, Parameter, SkipValidation
from litestar.status_codes import HTTP_201_CREATED, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT
from pydantic import Field

from adapters.http.dependencies import (
    Admin,
    EmployerCompany,
    Idempotency,
    provide_admin,
    provide_company_id,
    provide_principal,
)
from adapters.http.idempotency import idempotent
from adapters.http.openapi_operations import BEARER_SECURITY, BoardOperation, WriteOperation
from adapters.http.problem_docs import problem_responses
from adapters.http.rendering import plain
from adapters.http.schemas import Body
from application.audit import Actor
from application.commands.webhooks import (
    DeleteWebhook,
    EnableWebhook,
    RedeliverWebhook,
    RegisterWebhook,
    RotateWebhookSecret,
)
from application.queries.webhooks import (
    MAX_DELIVERIES_PAGE,
    GetWebhook,
    ListWebhookDeliveries,
    ListWebhooks,
)
from application.webhook_views import WebhookView, WebhookWithSecret
from application.webhooks.catalogue import WebhookUseCases
from application.webhooks.ports import Owner
from domain.ids import WebhookDeliveryId, WebhookEndpointId
from domain.webhook import WebhookEventType

AnyRequest = Request[Any, Any, Any]
_EVENT_TYPES: list[Any] = [t.value for t in WebhookEventType]

CREATE = problem_responses(400, 401, 403, 413, 422, 429, 503)
READ = problem_responses(400, 401, 403, 503)
ONE = problem_responses(400, 401, 403, 404, 503)
WRITE = problem_responses(400, 401, 403, 404, 413, 429, 503)
ENABLE = problem_responses(400, 401, 403, 404, 409, 413, 429, 503)


def provide_webhooks(state: State) -> WebhookUseCases:
    webhooks: WebhookUseCases = state.container.webhooks()
    return webhooks


class WebhookBody(Body):
    """An endpoint to register: an https URL (its host must resolve to public addresses)
    and the event types it wants, from the catalogue."""

    url: Annotated[str, Field(min_length=1, max_length=500)]
    event_types: Annotated[
        list[Annotated[str, Field(max_length=40, json_schema_extra={"enum": _EVENT_TYPES})]],
        Field(min_length=1, max_length=len(_EVENT_TYPES)),
    ]
    description: Annotated[str, Field(max_length=200)] = ""


@dataclass(frozen=True)
class WebhookAnswer:
    """An endpoint; ``disabled_reason`` says why the board stopped sending to it."""

    id: str
    url: str
    event_types: list[str]
    description: str
    status: str
    disabled_reason: str | None
    disabled_at: datetime | None
    board_wide: bool
    created_at: datetime
    secret_rotated_at: datetime


@dataclass(frozen=True)
class WebhookCreated(WebhookAnswer):
    """An endpoint with its signing secret (``whsec_...``), shown this once."""

    secret: str | None = None


@dataclass(frozen=True)
class DeliveryAnswer:
    id: str  # the webhook-id header of every attempt, after "msg_"
    event_id: str
    event_type: str
    status: str  # pending, delivered, failed (given up)
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None


@dataclass(frozen=True)
class DeliveryPageAnswer:
    deliveries: list[DeliveryAnswer]
    next_before: str | None  # pass as ``before`` for the older ones


def _with_secret(made: WebhookWithSecret, status_code: int = 200) -> Response[Any]:
    return Response({**plain(made.webhook), "secret": made.secret}, status_code=status_code)


class _Webhooks:
    """What both audiences' routes do, for an owner (a company, or None: the board)."""

    @staticmethod
    async def create(
        request: AnyRequest,
        webhooks: WebhookUseCases,
        idempotency: Idempotency,
        owner: Owner,
        data: WebhookBody,
        actor: Actor | None,
        principal: str,
    ) -> Response[Any]:
        async def made() -> Response[Any]:
            registered = await webhooks.register(
                RegisterWebhook(
                    owner, data.url, tuple(data.event_types), data.description, actor=actor
                )
            )
            return _with_secret(registered, HTTP_201_CREATED)

        return await idempotent(request, idempotency, principal, made, secrets=("secret",))

    @staticmethod
    async def deliveries(
        webhooks: WebhookUseCases,
        owner: Owner,
        webhook_id: UUID,
        before: UUID | None,
        limit: int,
    ) -> Response[Any]:
        page = await webhooks.deliveries(
            ListWebhookDeliveries(
                owner,
                WebhookEndpointId(webhook_id),
                WebhookDeliveryId(before) if before else None,
                limit,
            )
        )
        return Response(plain(page))


Before = FromQuery[UUID | None]  # a delivery id: the page of those older than it
Limit = Annotated[int, Parameter(ge=1, le=MAX_DELIVERIES_PAGE)]
Webhooks = NamedDependency[SkipValidation[WebhookUseCases]]


class EmployerWebhookController(Controller):
    path = "/v1/employer/webhooks"
    tags = ["webhooks"]
    security = BEARER_SECURITY
    dependencies = {
        "principal": Provide(provide_principal),
        "company_id": Provide(provide_company_id),
        "webhooks": Provide(provide_webhooks, sync_to_thread=False),
    }

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Register a webhook endpoint",
        operation_id="createWebhook",
        operation_class=WriteOperation,
        responses=CREATE,
    )
    async def create(
        self,
        request: AnyRequest,
        webhooks: Webhooks,
        idempotency: Idempotency,
        company_id: EmployerCompany,
        data: JSONBody[WebhookBody],
    ) -> Response[WebhookCreated]:
        """Subscribe an https URL to your company's events (its postings, its applications,
        the company itself). The answer's ``secret`` (``whsec_...``) signs every delivery
        (Standard Webhooks) and is shown this once; a replay of the same Idempotency-Key
        answers it null. A host resolving to a loopback, private, link-local or metadata
        address is refused (422 naming /url)."""
        return await _Webhooks.create(
            request, webhooks, idempotency, company_id, data, None, f"webhooks:{company_id}"
        )

    @get(
        "/",
        summary="Your webhook endpoints",
        operation_id="listWebhooks",
        operation_class=BoardOperation,
        responses=READ,
    )
    async def list_all(
        self, webhooks: Webhooks, company_id: EmployerCompany
    ) -> Response[list[WebhookAnswer]]:
        """Your company's endpoints, oldest first, without their secrets."""
        return Response(plain(await webhooks.list(ListWebhooks(company_id))))

    @get(
        "/{webhook_id:uuid}",
        summary="One webhook endpoint",
        operation_id="getWebhook",
        operation_class=BoardOperation,
        responses=ONE,
    )
    async def get_one(
        self, webhooks: Webhooks, company_id: EmployerCompany, webhook_id: FromPath[UUID]
    ) -> Response[WebhookAnswer]:
        """An endpoint, its status, and why the board stopped sending to it if it did."""
        view: WebhookView = await webhooks.get(
            GetWebhook(company_id, WebhookEndpointId(webhook_id))
        )
        return Response(plain(view))

    @delete(
        "/{webhook_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a webhook endpoint",
        operation_id="deleteWebhook",
        operation_class=WriteOperation,
        responses=WRITE,
    )
    async def delete_one(
        self, webhooks: Webhooks, company_id: EmployerCompany, webhook_id: FromPath[UUID]
    ) -> None:
        """Stop sending to the endpoint and forget it and its delivery log."""
        await webhooks.delete(DeleteWebhook(company_id, WebhookEndpointId(webhook_id)))

    @post(
        "/{webhook_id:uuid}/rotate-secret",
        status_code=200,
        summary="Rotate a webhook's secret",
        operation_id="rotateWebhookSecret",
        operation_class=WriteOperation,
        responses=WRITE,
    )
    async def rotate(
        self, webhooks: Webhooks, company_id: EmployerCompany, webhook_id: FromPath[UUID]
    ) -> Response[WebhookCreated]:
        """A new signing secret, shown this once; deliveries are signed with it from now."""
        rotated = await webhooks.rotate_secret(
            RotateWebhookSecret(company_id, WebhookEndpointId(webhook_id))
        )
        return _with_secret(rotated)

    @post(
        "/{webhook_id:uuid}/enable",
        status_code=200,
        summary="Enable a disabled webhook",
        operation_id="enableWebhook",
        operation_class=WriteOperation,
        responses=ENABLE,
    )
    async def enable(
        self, webhooks: Webhooks, company_id: EmployerCompany, webhook_id: FromPath[UUID]
    ) -> Response[WebhookAnswer]:
        """Send to the endpoint again once its receiver is fixed; its pending deliveries
        go at once. 409 when it is active."""
        view = await webhooks.enable(EnableWebhook(company_id, WebhookEndpointId(webhook_id)))
        return Response(plain(view))

    @get(
        "/{webhook_id:uuid}/deliveries",
        summary="A webhook's delivery log",
        operation_id="listWebhookDeliveries",
        operation_class=BoardOperation,
        responses=ONE,
    )
    async def deliveries(
        self,
        webhooks: Webhooks,
        company_id: EmployerCompany,
        webhook_id: FromPath[UUID],
        before: Before = None,
        limit: Limit = 50,
    ) -> Response[DeliveryPageAnswer]:
        """The endpoint's deliveries, newest first: each event's status (pending,
        delivered, failed), attempts, and the last answer or error."""
        return await _Webhooks.deliveries(webhooks, company_id, webhook_id, before, limit)

    @post(
        "/{webhook_id:uuid}/deliveries/{delivery_id:uuid}/redeliver",
        status_code=HTTP_202_ACCEPTED,
        summary="Send a delivery again",
        operation_id="redeliverWebhook",
        operation_class=WriteOperation,
        responses=WRITE,
    )
    async def redeliver(
        self,
        webhooks: Webhooks,
        company_id: EmployerCompany,
        webhook_id: FromPath[UUID],
        delivery_id: FromPath[UUID],
    ) -> None:
        """Queue the delivery again, with the same webhook-id; it goes after the earlier
        pending deliveries of its posting."""
        await webhooks.redeliver(
            RedeliverWebhook(
                company_id, WebhookEndpointId(webhook_id), WebhookDeliveryId(delivery_id)
            )
        )


class AdminWebhookController(Controller):
    path = "/v1/admin/webhooks"
    tags = ["admin"]
    security = BEARER_SECURITY
    dependencies = {
        "principal": Provide(provide_principal),
        "admin": Provide(provide_admin),
        "webhooks": Provide(provide_webhooks, sync_to_thread=False),
    }

    @post(
        "/",
        status_code=HTTP_201_CREATED,
        summary="Register a board-wide webhook",
        operation_id="createBoardWebhook",
        operation_class=WriteOperation,
        responses=CREATE,
    )
    async def create(
        self,
        request: AnyRequest,
        webhooks: Webhooks,
        idempotency: Idempotency,
        admin: Admin,
        data: JSONBody[WebhookBody],
    ) -> Response[WebhookCreated]:
        """Subscribe an https URL to every company's events (audited). The ``secret`` is
        shown this once."""
        actor = admin.as_actor()
        return await _Webhooks.create(
            request, webhooks, idempotency, None, data, actor, f"webhooks:admin:{actor.id}"
        )

    @get(
        "/",
        summary="Board-wide webhooks",
        operation_id="listBoardWebhooks",
        operation_class=BoardOperation,
        responses=READ,
    )
    async def list_all(self, webhooks: Webhooks, admin: Admin) -> Response[list[WebhookAnswer]]:
        """The board-wide endpoints, oldest first, without their secrets."""
        return Response(plain(await webhooks.list(ListWebhooks(None))))

    @get(
        "/{webhook_id:uuid}",
        summary="One board-wide webhook",
        operation_id="getBoardWebhook",
        operation_class=BoardOperation,
        responses=ONE,
    )
    async def get_one(
        self, webhooks: Webhooks, admin: Admin, webhook_id: FromPath[UUID]
    ) -> Response[WebhookAnswer]:
        """A board-wide endpoint and its status."""
        return Response(plain(await webhooks.get(GetWebhook(None, WebhookEndpointId(webhook_id)))))

    @delete(
        "/{webhook_id:uuid}",
        status_code=HTTP_204_NO_CONTENT,
        summary="Delete a board-wide webhook",
        operation_id="deleteBoardWebhook",
        operation_class=WriteOperation,
        responses=WRITE,
    )
    async def delete_one(
        self, webhooks: Webhooks, admin: Admin, webhook_id: FromPath[UUID]
    ) -> None:
        """Stop sending to the endpoint and forget it (audited)."""
        await webhooks.delete(
            DeleteWebhook(None, WebhookEndpointId(webhook_id), actor=admin.as_actor())
        )

    @post(
        "/{webhook_id:uuid}/rotate-secret",
        status_code=200,
        summary="Rotate a board-wide secret",
        operation_id="rotateBoardWebhookSecret",
        operation_class=WriteOperation,
        responses=WRITE,
    )
    async def rotate(
        self, webhooks: Webhooks, admin: Admin, webhook_id: FromPath[UUID]
    ) -> Response[WebhookCreated]:
        """A new signing secret, shown this once (audited)."""
        rotated = await webhooks.rotate_secret(
            RotateWebhookSecret(None, WebhookEndpointId(webhook_id), actor=admin.as_actor())
        )
        return _with_secret(rotated)

    @post(
        "/{webhook_id:uuid}/enable",
        status_code=200,
        summary="Enable a board-wide webhook",
        operation_id="enableBoardWebhook",
        operation_class=WriteOperation,
        responses=ENABLE,
    )
    async def enable(
        self, webhooks: Webhooks, admin: Admin, webhook_id: FromPath[UUID]
    ) -> Response[WebhookAnswer]:
        """Send to the board-wide endpoint again (audited); 409 when it is active."""
        view = await webhooks.enable(
            EnableWebhook(None, WebhookEndpointId(webhook_id), actor=admin.as_actor())
        )
        return Response(plain(view))

    @get(
        "/{webhook_id:uuid}/deliveries",
        summary="A board-wide delivery log",
        operation_id="listBoardDeliveries",
        operation_class=BoardOperation,
        responses=ONE,
    )
    async def deliveries(
        self,
        webhooks: Webhooks,
        admin: Admin,
        webhook_id: FromPath[UUID],
        before: Before = None,
        limit: Limit = 50,
    ) -> Response[DeliveryPageAnswer]:
        """The board-wide endpoint's deliveries, newest first."""
        return await _Webhooks.deliveries(webhooks, None, webhook_id, before, limit)

    @post(
        "/{webhook_id:uuid}/deliveries/{delivery_id:uuid}/redeliver",
        status_code=HTTP_202_ACCEPTED,
        summary="Send a board delivery again",
        operation_id="redeliverBoardWebhook",
        operation_class=WriteOperation,
        responses=WRITE,
    )
    async def redeliver(
        self,
        webhooks: Webhooks,
        admin: Admin,
        webhook_id: FromPath[UUID],
        delivery_id: FromPath[UUID],
    ) -> None:
        """Queue the delivery again, with the same webhook-id (audited)."""
        await webhooks.redeliver(
            RedeliverWebhook(
                None,
                WebhookEndpointId(webhook_id),
                WebhookDeliveryId(delivery_id),
                actor=admin.as_actor(),
            )
        )
