"""The webhook use cases on one screen, wired over their ports (real or fake)."""

from __future__ import annotations

from dataclasses import dataclass

from application.commands.webhooks import (
    DeleteWebhookHandler,
    EnableWebhookHandler,
    RedeliverWebhookHandler,
    RegisterWebhookHandler,
    RotateWebhookSecretHandler,
)
from application.ports import Clock, IdGenerator
from application.queries.webhooks import (
    GetWebhookHandler,
    ListWebhookDeliveriesHandler,
    ListWebhooksHandler,
)
from application.webhooks.address_guard import AddressGuard
from application.webhooks.ports import WebhookReader, WebhookSecrets, WebhookUnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class WebhookUseCases:
    # commands (employers on their company's endpoints, admins on the board's)
    register: RegisterWebhookHandler
    rotate_secret: RotateWebhookSecretHandler
    delete: DeleteWebhookHandler
    enable: EnableWebhookHandler
    redeliver: RedeliverWebhookHandler
    # queries
    list: ListWebhooksHandler
    get: GetWebhookHandler
    deliveries: ListWebhookDeliveriesHandler


@dataclass(frozen=True, slots=True)
class WebhookPorts:
    uow: WebhookUnitOfWorkFactory
    reader: WebhookReader
    clock: Clock
    ids: IdGenerator
    secrets: WebhookSecrets
    guard: AddressGuard


def wire_webhooks(ports: WebhookPorts) -> WebhookUseCases:
    return WebhookUseCases(
        register=RegisterWebhookHandler(
            ports.uow, ports.clock, ports.ids, ports.secrets, ports.guard
        ),
        rotate_secret=RotateWebhookSecretHandler(ports.uow, ports.clock, ports.secrets),
        delete=DeleteWebhookHandler(ports.uow, ports.clock),
        enable=EnableWebhookHandler(ports.uow, ports.clock),
        redeliver=RedeliverWebhookHandler(ports.uow, ports.clock),
        list=ListWebhooksHandler(ports.reader),
        get=GetWebhookHandler(ports.reader),
        deliveries=ListWebhookDeliveriesHandler(ports.reader),
    )
