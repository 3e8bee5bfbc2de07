"""Which network addresses the board may send a webhook to: public unicast ones only.

A webhook URL is typed by an employer and fetched by the board's own worker, so an
address inside the board's network (loopback, private ranges, link-local, the cloud
metadata service) would let a caller make the board talk to its own infrastructure
(server-side request forgery)."""

from __future__ import annotations

import ipaddress

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud instance metadata services, named even where a broader rule covers them.
METADATA_ADDRESSES = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)


def refusal(address: str) -> str | None:
    """Why the board must not connect to ``address`` (an IP address as text), or None when
    it is a public unicast address."""
    try:
        ip: IpAddress = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return "not an IP address"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    checks = (
        (ip.is_loopback, "a loopback address"),
        (ip.is_link_local, "a link-local address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (ip.is_unspecified, "the unspecified address"),
        (not ip.is_global, "not a public address"),
    )
    for refused, reason in checks:
        if refused:
            return reason
    return None
