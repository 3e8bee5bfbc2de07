"""Resolving an endpoint's host, and an aiohttp resolver that refuses to connect to any
address the board must not reach: the check and the connection use the same answer, so a
name that resolves to a public address for the check and a private one for the
connection (DNS rebinding) is refused too."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import ThreadedResolver

from domain.network_address import refusal


class SystemResolver:
    """The HostResolver port over the system's resolver (getaddrinfo), bounded so that a
    name server that never answers makes a 422 (does not resolve), not a hung request."""

    def __init__(self, timeout_seconds: float = 5.0) -> None:
        self._timeout = timeout_seconds

    async def addresses(self, host: str) -> list[str]:
        try:
            ipaddress.ip_address(host)
            return [host]
        except ValueError:
            pass
        try:
            async with asyncio.timeout(self._timeout):
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, None, type=socket.SOCK_STREAM
                )
        except (OSError, UnicodeError):  # TimeoutError is an OSError
            return []
        return sorted({str(info[4][0]) for info in infos})


class RefusedAddress(OSError):
    """The host resolves to an address the board does not send to."""


class GuardedResolver(AbstractResolver):
    def __init__(self, allowed_hosts: Iterable[str] = ()) -> None:
        self._inner = ThreadedResolver()
        self._allowed = frozenset(h.lower() for h in allowed_hosts)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self._inner.resolve(host, port, family)
        if host.lower() in self._allowed:
            return answers
        for answer in answers:
            if (reason := refusal(answer["host"])) is not None:
                raise RefusedAddress(f"{host} resolves to {reason}")
        return answers

    async def close(self) -> None:
        await self._inner.close()


def refused(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is the guard's refusal."""
    current: Any = error
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, RefusedAddress) or isinstance(
            getattr(current, "os_error", None), RefusedAddress
        ):
            return True
        current = current.__cause__ or current.__context__
    return False
