"""The webhook use cases over in-memory fakes: secrets shown once and kept sealed, the SSRF
guard at registration, owners kept apart, admin acts audited."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from application.audit import Actor
from application.commands.webhooks import (
    DeleteWebhook,
    EnableWebhook,
    RedeliverWebhook,
    RegisterWebhook,
    RotateWebhookSecret,
)
from application.queries.webhooks import GetWebhook, ListWebhookDeliveries, ListWebhooks
from application.webhooks.address_guard import AddressGuard
from application.webhooks.catalogue import WebhookPorts, WebhookUseCases, wire_webhooks
from application.webhooks.ports import DeliveryRecord
from domain.errors import InvalidTransition, InvariantViolated, NotFound
from domain.ids import CompanyId, WebhookDeliveryId, WebhookEndpointId
from fakes import FixedClock, SequentialIds
from webhook_fakes import (
    FakeResolver,
    FakeWebhookReader,
    FakeWebhookUnitOfWork,
    ReversedSecrets,
    WebhookStore,
)

ACME = CompanyId(UUID(int=10_001))
GLOBEX = CompanyId(UUID(int=10_002))
URL = "https://hooks.acme.example/jobboard"
ADMIN = Actor.cli("ops")
NOW = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)


@pytest.fixture
def store() -> WebhookStore:
    return WebhookStore()


@pytest.fixture
def resolver() -> FakeResolver:
    return FakeResolver({"hooks.acme.example": ["93.184.216.34"]})


@pytest.fixture
def webhooks(store: WebhookStore, resolver: FakeResolver) -> WebhookUseCases:
    return wire_webhooks(
        WebhookPorts(
            uow=lambda: FakeWebhookUnitOfWork(store),
            reader=FakeWebhookReader(store),
            clock=FixedClock(),
            ids=SequentialIds(),
            secrets=ReversedSecrets(),
            guard=AddressGuard(resolver, allowed_hosts=["127.0.0.1"]),
        )
    )


async def test_registering_answers_the_secret_once_and_keeps_it_only_sealed(
    webhooks: WebhookUseCases, store: WebhookStore
) -> None:
    made = await webhooks.register(RegisterWebhook(ACME, URL, ("posting.published",)))

    assert made.secret.startswith("whsec_")
    kept = store.endpoints[made.webhook.id]
    assert made.secret not in kept.sealed_secret
    assert ReversedSecrets().open(kept.sealed_secret) == made.secret
    listed = await webhooks.list(ListWebhooks(ACME))
    assert [w.id for w in listed] == [made.webhook.id]
    assert "secret" not in type(listed[0]).__dataclass_fields__


@pytest.mark.parametrize(
    ("host", "addresses"),
    [
        ("internal.acme.example", ["10.0.0.5"]),
        ("metadata.acme.example", ["169.254.169.254"]),
        ("v6meta.acme.example", ["fd00:ec2::254"]),
        ("mixed.acme.example", ["93.184.216.34", "127.0.0.1"]),
        ("nowhere.acme.example", []),
    ],
)
async def test_an_endpoint_resolving_inside_the_network_is_refused_naming_the_url(
    webhooks: WebhookUseCases,
    store: WebhookStore,
    resolver: FakeResolver,
    host: str,
    addresses: list[str],
) -> None:
    resolver.answers[host] = addresses

    with pytest.raises(InvariantViolated) as raised:
        await webhooks.register(RegisterWebhook(ACME, f"https://{host}/x", ("posting.closed",)))

    assert raised.value.field == "url"
    assert store.endpoints == {}


async def test_an_allowed_host_is_taken_over_plain_http_without_resolving(
    webhooks: WebhookUseCases,
) -> None:
    made = await webhooks.register(
        RegisterWebhook(ACME, "http://127.0.0.1:8123/hook", ("posting.closed",))
    )

    assert made.webhook.url == "http://127.0.0.1:8123/hook"


async def test_another_companys_endpoint_is_not_found(webhooks: WebhookUseCases) -> None:
    made = await webhooks.register(RegisterWebhook(ACME, URL, ("posting.published",)))

    with pytest.raises(NotFound):
        await webhooks.get(GetWebhook(GLOBEX, made.webhook.id))
    with pytest.raises(NotFound):
        await webhooks.delete(DeleteWebhook(GLOBEX, made.webhook.id))
    with pytest.raises(NotFound):
        await webhooks.rotate_secret(RotateWebhookSecret(None, made.webhook.id))
    assert await webhooks.list(ListWebhooks(GLOBEX)) == []


async def test_rotating_answers_a_new_secret_and_seals_it(
    webhooks: WebhookUseCases, store: WebhookStore
) -> None:
    made = await webhooks.register(RegisterWebhook(ACME, URL, ("posting.published",)))

    rotated = await webhooks.rotate_secret(RotateWebhookSecret(ACME, made.webhook.id))

    assert rotated.secret != made.secret
    assert ReversedSecrets().open(store.endpoints[made.webhook.id].sealed_secret) == rotated.secret


async def test_deleting_forgets_the_endpoint(webhooks: WebhookUseCases) -> None:
    made = await webhooks.register(RegisterWebhook(ACME, URL, ("posting.published",)))

    await webhooks.delete(DeleteWebhook(ACME, made.webhook.id))

    assert await webhooks.list(ListWebhooks(ACME)) == []


async def test_admin_acts_on_board_wide_endpoints_are_audited(
    webhooks: WebhookUseCases, store: WebhookStore
) -> None:
    made = await webhooks.register(RegisterWebhook(None, URL, ("company.verified",), actor=ADMIN))
    await webhooks.rotate_secret(RotateWebhookSecret(None, made.webhook.id, actor=ADMIN))
    await webhooks.delete(DeleteWebhook(None, made.webhook.id, actor=ADMIN))

    assert made.webhook.board_wide
    assert [e.act for e in store.audit] == [
        "register_webhook",
        "rotate_webhook_secret",
        "delete_webhook",
    ]
    assert all(e.aggregate is not None and e.aggregate.id == made.webhook.id for e in store.audit)
    assert all(made.secret not in str(e) for e in store.audit)


def _delivery(n: int) -> DeliveryRecord:
    return DeliveryRecord(
        id=WebhookDeliveryId(UUID(int=n)),
        event_id=f"evt-{n}",
        event_type="posting.published",
        status="delivered",
        attempts=1,
        created_at=datetime(2026, 11, 24, tzinfo=UTC),
        next_attempt_at=None,
        last_attempt_at=None,
        last_status_code=200,
        last_error=None,
        delivered_at=None,
    )


async def test_the_delivery_log_pages_newest_first(
    webhooks: WebhookUseCases, store: WebhookStore
) -> None:
    made = await webhooks.register(RegisterWebhook(ACME, URL, ("posting.published",)))
    for n in range(1, 6):
        store.deliveries[WebhookDeliveryId(UUID(int=n))] = (made.webhook.id, _delivery(n))

    first = await webhooks.deliveries(ListWebhookDeliveries(ACME, made.webhook.id, limit=3))
    second = await webhooks.deliveries(
        ListWebhookDeliveries(ACME, made.webhook.id, before=first.next_before, limit=3)
    )

    assert [d.event_id for d in first.deliveries] == ["evt-5", "evt-4", "evt-3"]
    assert [d.event_id for d in second.deliveries] == ["evt-2", "evt-1"]
    assert second.next_before is None
    with pytest.raises(NotFound):
        await webhooks.deliveries(ListWebhookDeliveries(GLOBEX, made.webhook.id))


async def test_redelivering_queues_only_a_delivery_of_that_endpoint(
    webhooks: WebhookUseCases, store: WebhookStore
) -> None:
    made = await webhooks.register(RegisterWebhook(ACME, URL, ("posting.published",)))
    other = await webhooks.register(RegisterWebhook(ACME, URL, ("posting.closed",)))
    store.deliveries[WebhookDeliveryId(UUID(int=7))] = (made.webhook.id, _delivery(7))

    await webhooks.redeliver(
        RedeliverWebhook(ACME, made.webhook.id, WebhookDeliveryId(UUID(int=7)))
    )
    with pytest.raises(NotFound):
        await webhooks.redeliver(
            RedeliverWebhook(ACME, other.webhook.id, WebhookDeliveryId(UUID(int=7)))
        )
    with pytest.raises(NotFound):
        await webhooks.redeliver(
            RedeliverWebhook(GLOBEX, made.webhook.id, WebhookDeliveryId(UUID(int=7)))
        )

    assert store.redelivered == [WebhookDeliveryId(UUID(int=7))]
    assert isinstance(made.webhook.id, UUID)
    assert WebhookEndpointId(made.webhook.id) in store.endpoints


async def test_enabling_a_disabled_endpoint_resumes_its_deliveries_audited(
    webhooks: WebhookUseCases, store: WebhookStore
) -> None:
    made = await webhooks.register(RegisterWebhook(None, URL, ("posting.closed",), actor=ADMIN))
    store.endpoints[made.webhook.id].disable("the receiver answered 410 Gone", NOW)

    view = await webhooks.enable(EnableWebhook(None, made.webhook.id, actor=ADMIN))

    assert view.status == "active"
    assert view.disabled_reason is None
    assert store.resumed == [made.webhook.id]
    assert store.audit[-1].act == "enable_webhook"
    with pytest.raises(InvalidTransition):
        await webhooks.enable(EnableWebhook(None, made.webhook.id, actor=ADMIN))
    with pytest.raises(NotFound):
        await webhooks.enable(EnableWebhook(ACME, made.webhook.id))
