"""The client's address, as far as the board can trust it.

A request's peer is whoever opened the TCP connection. Behind a reverse proxy that is the
proxy, and the proxy names the real client in ``Forwarded`` (RFC 7239) or
``X-Forwarded-For``. Anyone can write those headers, so they are read only when the peer is
one of ``JOBBOARD_TRUSTED_PROXIES``, and even then only as far back as the chain of trusted
hops goes: the first hop (from the right) that is not a trusted proxy is the client, and a
hop that is not an IP address ends the walk (the hop before it, which wrote it, is taken).

This runs ahead of everything else in the app and rewrites ``scope["client"]``, so the rate
limits, the sign-up's idempotency scope and anything added later see one checked address:
always an IP address in its canonical form (at most 39 characters), never a header's text.
The server's own proxy-header handling is off (adapters.serving), so this is the one place.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any, Literal

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# A forwarded chain longer than this is not walked further (each hop costs a parse).
MAX_HOPS = 32
# The longest text that can be an address with its port, brackets or quotes: more is junk.
MAX_HOP_LENGTH = 64


def parse_networks(entries: Sequence[str]) -> tuple[Network, ...]:
    """``10.0.0.0/8``, ``192.0.2.7`` or ``::1`` as networks; ValueError names a bad entry."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or CIDR network") from None
    return tuple(networks)


def parse_address(text: str) -> Address | None:
    """An address as a forwarding header writes one (``192.0.2.1``, ``"192.0.2.1:8080"``,
    ``[2001:db8::1]:443``, ``2001:db8::1``); None for anything else (``unknown``,
    obfuscated ``_hidden`` names, junk)."""
    text = text.strip().strip('"').strip()
    if not text or len(text) > MAX_HOP_LENGTH:
        return None
    if text.startswith("["):  # [v6] or [v6]:port
        text, bracket, _ = text[1:].partition("]")
        if not bracket:
            return None
    elif text.count(":") == 1:  # v4:port
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


ForwardingHeader = Literal["x-forwarded-for", "forwarded"]


def forwarded_hops(
    headers: Sequence[tuple[bytes, bytes]], header: ForwardingHeader = "x-forwarded-for"
) -> list[str] | None:
    """The hops the proxies recorded in ``header``, nearest client first (``Forwarded``:
    its ``for=`` parameters); None when it is not there. One header only, the one the
    trusted proxies write: a proxy that appends to X-Forwarded-For passes a client's own
    ``Forwarded`` through untouched, so reading both would let the client name itself."""
    hops: list[str] = []
    wanted = header.encode()
    for name, value in headers:
        if name != wanted:
            continue
        if name == b"forwarded":
            for element in value.decode("latin-1").split(","):
                for pair in element.split(";"):
                    key, equals, found = pair.partition("=")
                    if equals and key.strip().lower() == "for":
                        hops.append(found)
        else:
            hops.extend(value.decode("latin-1").split(","))
    return hops or None


class ClientAddresses:
    """Who the client is, given the peer and the forwarding headers."""

    def __init__(
        self, trusted_proxies: Sequence[Network], header: ForwardingHeader = "x-forwarded-for"
    ) -> None:
        self._trusted = tuple(trusted_proxies)
        self._header: ForwardingHeader = header

    def trusts(self, address: Address) -> bool:
        return any(address in network for network in self._trusted)

    def client(self, peer: str, headers: Sequence[tuple[bytes, bytes]]) -> str | None:
        """The client's address in canonical form; None when the peer is no IP address
        (a Unix socket's, a test transport's name) and nobody trusted says otherwise."""
        nearest = parse_address(peer)
        if nearest is None or not self._trusted or not self.trusts(nearest):
            return None if nearest is None else str(nearest)
        hops = forwarded_hops(headers, self._header)
        if hops is None:
            return str(nearest)
        for hop in reversed(hops[-MAX_HOPS:]):
            address = parse_address(hop)
            if address is None:
                break  # junk or an obfuscated name: the trusted hop that wrote it is the client
            nearest = address
            if not self.trusts(address):
                break
        return str(nearest)

    def middleware(self, app: ASGIApp) -> ASGIApp:
        """Rewrite each request's ``scope["client"]`` to the checked address."""

        async def resolved(scope: Scope, receive: Any, send: Any) -> None:
            if scope["type"] in ("http", "websocket"):
                peer = scope.get("client")
                host, port = (peer[0], peer[1]) if peer else ("", 0)
                address = self.client(str(host), scope["headers"])
                scope["client"] = (address, port) if address is not None else None
            await app(scope, receive, send)

        return resolved
