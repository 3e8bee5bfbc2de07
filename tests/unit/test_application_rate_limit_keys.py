"""The per-posting budget of applications counts a posting once, however its id is spelled
in the path (the route reads any case, with or without hyphens)."""

from __future__ import annotations

from uuid import UUID

from adapters.http.rate_limits import WriteRateLimits
from adapters.rate_limit_storage import RateLimitStorage
from adapters.settings import Settings

POSTING = UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")


def _posting_keys(limits: WriteRateLimits, path: str) -> list[str]:
    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "headers": [],
        "client": ("1.2.3.4", 1),
    }
    checks = limits._limits_of(scope)  # type: ignore[arg-type]
    return [caller for limit, caller in checks if limit.name == "applications-per-posting"]


def test_every_spelling_of_a_posting_id_shares_one_budget() -> None:
    settings = Settings(database_url="postgresql://unused/db")
    limits = WriteRateLimits.from_settings(settings, RateLimitStorage.from_settings(settings))
    spellings = [str(POSTING), str(POSTING).upper(), POSTING.hex, POSTING.hex.upper()]

    keys = {
        key for s in spellings for key in _posting_keys(limits, f"/v1/postings/{s}/applications")
    }

    assert keys == {str(POSTING)}
    assert _posting_keys(limits, "/v1/postings/not-an-id/applications") == []
