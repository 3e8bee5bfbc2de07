"""Who a limit counts: the per-posting budget of applications counts a posting once, however
its id is spelled in the path (the route reads any case, with or without hyphens), and an
IPv6 client is counted by its /64, which one host can rotate through."""

from __future__ import annotations

from uuid import UUID

from adapters.http.rate_limits import WriteRateLimits
from adapters.rate_limit_storage import RateLimitStorage
from adapters.settings import Settings

POSTING = UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")


def _limits() -> WriteRateLimits:
    settings = Settings(database_url="postgresql://unused/db")
    return WriteRateLimits.from_settings(settings, RateLimitStorage.from_settings(settings))


def _keys(limits: WriteRateLimits, path: str, name: str, client: str = "1.2.3.4") -> list[str]:
    scope = {"type": "http", "method": "POST", "path": path, "headers": [], "client": (client, 1)}
    checks = limits._limits_of(scope)  # type: ignore[arg-type]
    return [caller for limit, caller in checks if limit.name == name]


def test_every_spelling_of_a_posting_id_shares_one_budget() -> None:
    limits = _limits()
    spellings = [str(POSTING), str(POSTING).upper(), POSTING.hex, POSTING.hex.upper()]

    keys = {
        key
        for s in spellings
        for key in _keys(limits, f"/v1/postings/{s}/applications", "applications-per-posting")
    }

    assert keys == {str(POSTING)}
    assert _keys(limits, "/v1/postings/nope/applications", "applications-per-posting") == []


def test_an_ipv6_host_rotating_through_its_64_is_one_caller() -> None:
    limits = _limits()
    signups = "signups-per-address"

    rotated = {_keys(limits, "/v1/companies", signups, f"2001:db8:1:2::{n:x}")[0] for n in range(5)}
    neighbour = _keys(limits, "/v1/companies", signups, "2001:db8:1:3::1")

    assert rotated == {"2001:db8:1:2::/64"}
    assert neighbour == ["2001:db8:1:3::/64"]
    assert _keys(limits, "/v1/companies", signups, "203.0.113.9") == ["203.0.113.9"]
