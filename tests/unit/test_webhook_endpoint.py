"""Webhook endpoints, the SSRF address rules and the retry decisions: pure domain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.errors import InvalidTransition, InvariantViolated
from domain.ids import CompanyId, WebhookEndpointId
from domain.network_address import refusal
from domain.webhook import EndpointStatus, WebhookEndpoint, WebhookEventType
from domain.webhook_delivery import DeliveryStatus, Outcome, RetryPolicy, classify, decide

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def an_endpoint(
    url: str = "https://hooks.example.com/jobboard",
    wanted: tuple[str, ...] = ("posting.published",),
    company_id: CompanyId | None = None,
    plain_http_hosts: tuple[str, ...] = (),
) -> WebhookEndpoint:
    return WebhookEndpoint.register(
        id=WebhookEndpointId(uuid4()),
        company_id=company_id,
        url=url,
        wanted=wanted,
        description="ATS sync",
        sealed_secret="sealed",
        now=NOW,
        plain_http_hosts=plain_http_hosts,
    )


def test_a_registered_endpoint_is_active_and_wants_what_it_named() -> None:
    endpoint = an_endpoint(wanted=("posting.published", "posting.closed"))

    assert endpoint.status is EndpointStatus.ACTIVE
    assert endpoint.event_types == {
        WebhookEventType.POSTING_PUBLISHED,
        WebhookEventType.POSTING_CLOSED,
    }
    assert endpoint.version == 1


@pytest.mark.parametrize(
    "url",
    ["http://hooks.example.com/x", "ftp://hooks.example.com", "https://user:pw@example.com/x"],
)
def test_an_endpoint_url_must_be_https_without_credentials(url: str) -> None:
    with pytest.raises(InvariantViolated) as raised:
        an_endpoint(url=url)

    assert raised.value.field == "url"


def test_plain_http_is_taken_only_for_the_hosts_allowed_it() -> None:
    endpoint = an_endpoint(url="http://127.0.0.1:9000/hook", plain_http_hosts=("127.0.0.1",))

    assert endpoint.url == "http://127.0.0.1:9000/hook"
    with pytest.raises(InvariantViolated):
        an_endpoint(url="http://127.0.0.2:9000/hook", plain_http_hosts=("127.0.0.1",))


@pytest.mark.parametrize("wanted", [(), ("posting.drafted",), ("posting.published", "nope")])
def test_event_types_come_from_the_catalogue_and_are_not_empty(wanted: tuple[str, ...]) -> None:
    with pytest.raises(InvariantViolated) as raised:
        an_endpoint(wanted=wanted)

    assert raised.value.field == "event_types"


def test_a_company_endpoint_hears_only_of_its_own_company() -> None:
    mine, theirs = CompanyId(uuid4()), CompanyId(uuid4())
    endpoint = an_endpoint(company_id=mine)

    assert endpoint.wants(WebhookEventType.POSTING_PUBLISHED, mine)
    assert not endpoint.wants(WebhookEventType.POSTING_PUBLISHED, theirs)
    assert not endpoint.wants(WebhookEventType.POSTING_CLOSED, mine)


def test_a_board_wide_endpoint_hears_of_every_company() -> None:
    endpoint = an_endpoint(company_id=None)

    assert endpoint.board_wide
    assert endpoint.wants(WebhookEventType.POSTING_PUBLISHED, CompanyId(uuid4()))


def test_a_disabled_endpoint_wants_nothing_and_says_why() -> None:
    endpoint = an_endpoint()
    endpoint.disable("the receiver answered 410 Gone", NOW)

    assert endpoint.status is EndpointStatus.DISABLED
    assert endpoint.disabled_reason == "the receiver answered 410 Gone"
    assert not endpoint.wants(WebhookEventType.POSTING_PUBLISHED, None)
    with pytest.raises(InvalidTransition):
        endpoint.disable("again", NOW)
    endpoint.enable()
    assert endpoint.is_active
    assert endpoint.disabled_reason is None


def test_rotating_the_secret_replaces_the_sealed_secret_and_bumps_the_version() -> None:
    endpoint = an_endpoint()
    endpoint.rotate_secret("sealed-2", NOW + timedelta(hours=1))

    assert endpoint.sealed_secret == "sealed-2"
    assert endpoint.secret_rotated_at == NOW + timedelta(hours=1)
    assert endpoint.version == 2


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "fd00:ec2::254",
        "fe80::1",
        "224.0.0.1",
        "240.0.0.1",
        "0.0.0.0",
        "::ffff:127.0.0.1",
        "100.64.0.1",
    ],
)
def test_addresses_inside_the_network_are_refused(address: str) -> None:
    assert refusal(address) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1", "8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(address) is None


def test_the_metadata_address_is_named_as_such() -> None:
    assert refusal("169.254.169.254") == "a cloud metadata address"
    assert refusal("fd00:ec2::254") == "a cloud metadata address"


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (200, Outcome.DELIVERED),
        (204, Outcome.DELIVERED),
        (410, Outcome.GONE),
        (429, Outcome.RETRY),
        (500, Outcome.RETRY),
        (503, Outcome.RETRY),
        (None, Outcome.RETRY),
        (400, Outcome.REJECTED),
        (301, Outcome.REJECTED),
    ],
)
def test_answers_are_classified(status: int | None, outcome: Outcome) -> None:
    assert classify(status) is outcome


def test_backoff_grows_exponentially_within_its_jitter_and_cap() -> None:
    policy = RetryPolicy(base_seconds=5, cap_seconds=60)

    assert policy.delay(1, 0.0) == timedelta(seconds=2.5)
    assert policy.delay(1, 0.999) < timedelta(seconds=5)
    assert policy.delay(3, 0.0) == timedelta(seconds=10)
    assert policy.delay(20, 0.999) < timedelta(seconds=60)
    assert policy.delay(20, 0.0) == timedelta(seconds=30)


def test_a_retryable_failure_is_tried_again_later() -> None:
    decision = decide(
        Outcome.RETRY,
        attempts=2,
        first_attempt_at=NOW,
        now=NOW + timedelta(minutes=1),
        policy=RetryPolicy(base_seconds=5),
        jitter=0.0,
    )

    assert decision.status is DeliveryStatus.PENDING
    assert decision.next_attempt_at == NOW + timedelta(minutes=1, seconds=5)
    assert decision.disable_endpoint_because is None


def test_a_day_of_failures_gives_up_and_disables_the_endpoint() -> None:
    decision = decide(
        Outcome.RETRY,
        attempts=30,
        first_attempt_at=NOW,
        now=NOW + timedelta(hours=24),
        policy=RetryPolicy(),
        jitter=0.5,
    )

    assert decision.status is DeliveryStatus.FAILED
    assert decision.outcome is Outcome.EXPIRED
    assert decision.disable_endpoint_because is not None
    assert "24 hours" in decision.disable_endpoint_because


def test_gone_fails_the_delivery_and_disables_the_endpoint() -> None:
    decision = decide(
        Outcome.GONE, attempts=1, first_attempt_at=NOW, now=NOW, policy=RetryPolicy(), jitter=0
    )

    assert decision.status is DeliveryStatus.FAILED
    assert decision.disable_endpoint_because == "the receiver answered 410 Gone"


def test_a_rejection_fails_the_delivery_but_keeps_the_endpoint() -> None:
    decision = decide(
        Outcome.REJECTED, attempts=1, first_attempt_at=NOW, now=NOW, policy=RetryPolicy(), jitter=0
    )

    assert decision.status is DeliveryStatus.FAILED
    assert decision.disable_endpoint_because is None
