"""API keys: issued to an employer for one company or to an admin, revoked once."""

from __future__ import annotations

import pytest

from builders import NOW, a_company_id, an_admin_key, an_api_key_id, an_employer_key, later
from domain.api_key import ApiKey, Audience
from domain.errors import InvalidTransition
from domain.events import ApiKeyIssued, ApiKeyRevoked


def test_an_employer_key_acts_for_exactly_one_company() -> None:
    key_id, company_id = an_api_key_id(), a_company_id()

    key = ApiKey.for_company(key_id, company_id, "sha256:abc", NOW)

    assert key.id == key_id
    assert key.audience is Audience.EMPLOYER
    assert key.company_id == company_id
    assert key.key_hash == "sha256:abc"
    assert key.created_at == NOW
    assert key.revoked_at is None
    assert key.is_active is True
    assert key.version == 1
    assert key.pending_events == (ApiKeyIssued(key_id, 1, NOW, "employer", company_id),)


def test_an_admin_key_acts_for_the_board_and_no_company() -> None:
    key_id = an_api_key_id()

    key = ApiKey.for_admin(key_id, "sha256:def", NOW, "  ops on-call ")

    assert key.audience is Audience.ADMIN
    assert key.name == "ops on-call"
    assert key.company_id is None
    assert key.key_hash == "sha256:def"
    assert key.is_active is True
    assert key.version == 1
    assert key.pending_events == (ApiKeyIssued(key_id, 1, NOW, "admin", None),)


@pytest.mark.parametrize("audience", list(Audience))
def test_revoking_a_key_deactivates_it(audience: Audience) -> None:
    key = an_admin_key() if audience is Audience.ADMIN else an_employer_key()

    key.revoke(later(days=1))

    assert key.is_active is False
    assert key.revoked_at == later(days=1)
    assert key.version == 2
    assert key.pending_events == (ApiKeyRevoked(key.id, 2, later(days=1)),)


def test_a_key_can_be_revoked_only_once() -> None:
    key = an_employer_key()
    key.revoke(later(days=1))
    key.pull_events()

    with pytest.raises(InvalidTransition):
        key.revoke(later(days=2))

    assert key.revoked_at == later(days=1)
    assert key.version == 2
    assert key.pending_events == ()


def test_revoking_keeps_what_the_key_was_for() -> None:
    company_id = a_company_id()
    key = an_employer_key(company_id=company_id)

    key.revoke(later(days=1))

    assert key.audience is Audience.EMPLOYER
    assert key.company_id == company_id
    assert key.created_at == NOW
