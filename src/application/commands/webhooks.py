"""Registering, rotating, deleting webhook endpoints and redelivering one delivery.

Employers act on their company's endpoints; admins on the board-wide ones (audited).
Another owner's endpoint is NotFound, never Forbidden: its existence is not disclosed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from application.audit import Actor, AggregateRef, AuditEntry
from application.ports import Clock, IdGenerator
from application.webhook_views import WebhookView, WebhookWithSecret
from application.webhooks.address_guard import AddressGuard
from application.webhooks.ports import (
    Owner,
    WebhookSecrets,
    WebhookUnitOfWork,
    WebhookUnitOfWorkFactory,
)
from domain.errors import NotFound
from domain.ids import WebhookDeliveryId, WebhookEndpointId
from domain.webhook import WebhookEndpoint


@dataclass(frozen=True, slots=True)
class RegisterWebhook:
    owner: Owner
    url: str
    event_types: tuple[str, ...]
    description: str = ""
    actor: Actor | None = field(default=None, kw_only=True)  # given for an admin's act


@dataclass(frozen=True, slots=True)
class RotateWebhookSecret:
    owner: Owner
    endpoint_id: WebhookEndpointId
    actor: Actor | None = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class DeleteWebhook:
    owner: Owner
    endpoint_id: WebhookEndpointId
    actor: Actor | None = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class EnableWebhook:
    owner: Owner
    endpoint_id: WebhookEndpointId
    actor: Actor | None = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class RedeliverWebhook:
    owner: Owner
    endpoint_id: WebhookEndpointId
    delivery_id: WebhookDeliveryId
    actor: Actor | None = field(default=None, kw_only=True)


async def owned_endpoint(
    uow: WebhookUnitOfWork, owner: Owner, endpoint_id: WebhookEndpointId
) -> WebhookEndpoint:
    endpoint = await uow.endpoints.get(endpoint_id)
    if not endpoint.belongs_to(owner):
        raise NotFound(f"webhook {endpoint_id} not found")
    return endpoint


def _audit(
    uow: WebhookUnitOfWork, actor: Actor | None, act: str, endpoint: WebhookEndpoint, now: datetime
) -> None:
    """An admin's act on a board-wide endpoint goes to the audit log (employers' acts on
    their own endpoints are theirs, as their postings are)."""
    if actor is None:
        return
    uow.audit.record(
        AuditEntry(
            actor,
            act,
            now,
            AggregateRef("webhook_endpoint", endpoint.id),
            details={"host": endpoint.host},
        )
    )


class RegisterWebhookHandler:
    """Subscribe an https URL to some of the board's events. The answer carries the signing
    secret (``whsec_...``), shown this once."""

    def __init__(
        self,
        uow: WebhookUnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        secrets: WebhookSecrets,
        guard: AddressGuard,
    ) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._secrets, self._guard = secrets, guard

    async def __call__(self, command: RegisterWebhook) -> WebhookWithSecret:
        secret = self._secrets.generate()
        now = self._clock.now()
        endpoint = WebhookEndpoint.register(
            id=WebhookEndpointId(self._ids.new_id()),
            company_id=command.owner,
            url=command.url,
            wanted=command.event_types,
            description=command.description,
            sealed_secret=self._secrets.seal(secret),
            now=now,
            plain_http_hosts=self._guard.allowed_hosts,
        )
        await self._guard.check(endpoint.url)
        async with self._uow() as uow:
            uow.endpoints.add(endpoint)
            _audit(uow, command.actor, "register_webhook", endpoint, now)
            await uow.commit()
        return WebhookWithSecret(WebhookView.of(endpoint), secret)


class RotateWebhookSecretHandler:
    """Replace the endpoint's signing secret; deliveries from now on are signed with the
    new one, shown this once."""

    def __init__(
        self, uow: WebhookUnitOfWorkFactory, clock: Clock, secrets: WebhookSecrets
    ) -> None:
        self._uow, self._clock, self._secrets = uow, clock, secrets

    async def __call__(self, command: RotateWebhookSecret) -> WebhookWithSecret:
        secret = self._secrets.generate()
        now = self._clock.now()
        async with self._uow() as uow:
            endpoint = await owned_endpoint(uow, command.owner, command.endpoint_id)
            endpoint.rotate_secret(self._secrets.seal(secret), now)
            _audit(uow, command.actor, "rotate_webhook_secret", endpoint, now)
            await uow.commit()
        return WebhookWithSecret(WebhookView.of(endpoint), secret)


class DeleteWebhookHandler:
    """Stop sending to the endpoint and forget it, its delivery log with it."""

    def __init__(self, uow: WebhookUnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: DeleteWebhook) -> None:
        async with self._uow() as uow:
            endpoint = await owned_endpoint(uow, command.owner, command.endpoint_id)
            uow.endpoints.remove(endpoint)
            _audit(uow, command.actor, "delete_webhook", endpoint, self._clock.now())
            await uow.commit()


class EnableWebhookHandler:
    """Send to a disabled endpoint again (its receiver was fixed): its pending deliveries
    are due at once, with a fresh day before they are given up."""

    def __init__(self, uow: WebhookUnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: EnableWebhook) -> WebhookView:
        async with self._uow() as uow:
            endpoint = await owned_endpoint(uow, command.owner, command.endpoint_id)
            endpoint.enable()
            uow.deliveries.resume(endpoint.id)
            _audit(uow, command.actor, "enable_webhook", endpoint, self._clock.now())
            await uow.commit()
        return WebhookView.of(endpoint)


class RedeliverWebhookHandler:
    """Send one delivery again, with the same webhook-id, after those before it for the
    same posting (a delivered one too: the receiver asked for it)."""

    def __init__(self, uow: WebhookUnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: RedeliverWebhook) -> None:
        async with self._uow() as uow:
            endpoint = await owned_endpoint(uow, command.owner, command.endpoint_id)
            uow.deliveries.redeliver(endpoint.id, command.delivery_id)
            _audit(uow, command.actor, "redeliver_webhook", endpoint, self._clock.now())
            await uow.commit()
