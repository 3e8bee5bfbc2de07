"""Forwarded headers name the client only when a trusted proxy wrote them, and whatever a
client writes there never reaches the rate limits or a column unchecked."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any, cast

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.http.app import create_app
from adapters.http.client_address import ClientAddresses, ForwardingHeader, parse_networks
from adapters.settings import Settings
from e2e.board import assert_problem

Clients = Callable[[str], httpx.AsyncClient]
PROXY = "10.1.2.3"


def _addresses(*trusted: str, header: ForwardingHeader = "x-forwarded-for") -> ClientAddresses:
    return ClientAddresses(parse_networks(trusted), header)


def _xff(value: str) -> list[tuple[bytes, bytes]]:
    return [(b"x-forwarded-for", value.encode())]


def test_forwarded_headers_from_an_untrusted_peer_are_ignored() -> None:
    addresses = _addresses()  # the default: trust nobody, loopback included

    assert addresses.client("127.0.0.1", _xff("203.0.113.9")) == "127.0.0.1"
    assert addresses.client("127.0.0.1", [(b"forwarded", b"for=203.0.113.9")]) == "127.0.0.1"


def test_a_trusted_proxy_names_the_client_nearest_to_it_that_it_does_not_trust() -> None:
    addresses = _addresses("10.0.0.0/8")

    # The left-most entry is the client's own claim; the right-most untrusted hop is the
    # one the trusted proxies saw.
    assert addresses.client(PROXY, _xff("198.51.100.1, 203.0.113.9, 10.0.0.7")) == "203.0.113.9"
    assert addresses.client(PROXY, _xff("10.9.9.9")) == "10.9.9.9"  # every hop trusted
    assert addresses.client(PROXY, []) == PROXY
    behind_forwarded = _addresses("10.0.0.0/8", header="forwarded")
    forwarded = [(b"forwarded", b'for="[2001:db8::1]:4711";proto=https, for=10.0.0.7')]
    assert behind_forwarded.client(PROXY, forwarded) == "2001:db8::1"
    found = behind_forwarded.client(PROXY, [(b"forwarded", b'for="198.51.100.4:80"')])
    assert found == "198.51.100.4"


def test_only_the_header_the_proxies_write_is_read() -> None:
    """A proxy appending to X-Forwarded-For passes the client's own Forwarded on untouched:
    read too, it would let every request name a new address."""
    addresses = _addresses("10.0.0.0/8")  # the proxies write X-Forwarded-For
    forged = [(b"forwarded", b"for=198.51.100.77"), *_xff("203.0.113.9")]

    assert addresses.client(PROXY, forged) == "203.0.113.9"
    assert addresses.client(PROXY, [(b"forwarded", b"for=198.51.100.77")]) == PROXY
    behind_forwarded = _addresses("10.0.0.0/8", header="forwarded")
    assert behind_forwarded.client(PROXY, _xff("198.51.100.77")) == PROXY


@pytest.mark.parametrize(
    "value",
    [
        "9" * 100,
        "203.0.113.9" + "0" * 90,
        "unknown",
        "_hidden",
        "[2001:db8::1",
        "<script>",
        "",
        " , , ",
        "1.2.3.4.5",
        "203.0.113.9%eth0",
    ],
)
def test_a_forwarded_hop_that_is_no_address_is_not_taken(value: str) -> None:
    addresses = _addresses("10.0.0.0/8")

    assert addresses.client(PROXY, _xff(value)) == PROXY
    assert addresses.client(PROXY, _xff(f"203.0.113.9, {value}")) == PROXY
    assert addresses.client("127.0.0.1", _xff(value)) == "127.0.0.1"


def test_the_address_is_canonical_and_short() -> None:
    addresses = _addresses("10.0.0.0/8")

    mapped = addresses.client(PROXY, _xff("::ffff:203.0.113.9"))
    long_form = addresses.client(PROXY, _xff("2001:0db8:0000:0000:0000:0000:0000:0001"))

    assert mapped == "203.0.113.9"
    assert long_form == "2001:db8::1"
    assert addresses.client("testclient", _xff("203.0.113.9")) is None  # no IP: unknown


def test_a_trusted_proxy_that_is_no_network_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="not an IP address"):
        Settings(trusted_proxies="10.0.0.0/8, proxy.internal")

    assert Settings(trusted_proxies=" 10.0.0.1/8 ,::1").trusted_proxies == [
        "10.0.0.0/8",
        "::1/128",
    ]


@pytest.fixture
async def board(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Clients]:
    """Clients of a board that allows two sign-ups per address and trusts 10.0.0.0/8."""
    settings = Settings(
        database_url=database_url,
        rate_limit_signups_per_address=2,
        trusted_proxies="10.0.0.0/8",
    )
    container = Container(settings=settings, database_url=database_url)
    app = cast(Any, create_app(container))
    opened: list[httpx.AsyncClient] = []

    def client(peer: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(peer, 40000))
        opened.append(httpx.AsyncClient(transport=transport, base_url="http://jobboard.test"))
        return opened[-1]

    yield client
    for each in opened:
        await each.aclose()
    await release(container)


async def _sign_up(client: httpx.AsyncClient, n: int, **headers: str) -> httpx.Response:
    return await client.post(
        "/v1/companies", json={"name": f"Company {n}", "country": "GB"}, headers=headers
    )


async def test_a_forged_header_does_not_give_an_untrusted_client_a_new_budget(
    board: Clients,
) -> None:
    client = board("127.0.0.1")

    answers = [await _sign_up(client, n, **{"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(3)]

    assert [a.status_code for a in answers[:2]] == [201, 201]
    assert_problem(answers[2], 429, "rate-limited")


async def test_behind_a_trusted_proxy_each_client_has_a_budget_of_its_own(
    board: Clients,
) -> None:
    proxy = board(PROXY)

    others = [await _sign_up(proxy, n, **{"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(3)]
    same = [await _sign_up(proxy, 10 + n, **{"X-Forwarded-For": "198.51.100.7"}) for n in range(3)]

    assert [a.status_code for a in others] == [201, 201, 201]
    assert [a.status_code for a in same[:2]] == [201, 201]
    assert_problem(same[2], 429, "rate-limited")


@pytest.mark.parametrize("peer", [PROXY, "127.0.0.1"])
async def test_a_long_or_garbage_forwarded_address_never_fails_a_sign_up(
    board: Clients, peer: str
) -> None:
    client = board(peer)
    forged = [
        {"X-Forwarded-For": "9" * 100},
        {"Forwarded": "for=" + "a" * 100},
        {"Forwarded": 'for="[' + "f" * 80 + ']"'},
    ]

    answers = [
        await _sign_up(client, n, **headers, **{"Idempotency-Key": f"k{n}"})
        for n, headers in enumerate(forged)
    ]

    assert [a.status_code for a in answers[:2]] == [201, 201]
    assert_problem(answers[2], 429, "rate-limited")  # all three counted against the peer
