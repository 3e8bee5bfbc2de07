"""The SSRF guard: an endpoint's host must resolve to public addresses only, unless it is
one of the hosts an operator allowed (the tests' receiver on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from application.webhooks.ports import HostResolver
from domain.errors import InvariantViolated
from domain.network_address import refusal


class AddressGuard:
    def __init__(self, resolver: HostResolver, allowed_hosts: Iterable[str] = ()) -> None:
        self._resolver = resolver
        self._allowed = frozenset(h.strip().lower() for h in allowed_hosts if h.strip())

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return self._allowed

    async def check(self, url: str) -> None:
        """InvariantViolated naming ``url`` unless every address its host resolves to is
        public (or the host is allowed)."""
        host = (urlsplit(url).hostname or "").lower()
        if host in self._allowed:
            return
        addresses = await self._resolver.addresses(host)
        if not addresses:
            raise InvariantViolated(f"url's host {host} does not resolve", field="url")
        for address in addresses:
            if (reason := refusal(address)) is not None:
                raise InvariantViolated(
                    f"url's host {host} resolves to {reason}; the board sends webhooks only "
                    "to public addresses",
                    field="url",
                )
