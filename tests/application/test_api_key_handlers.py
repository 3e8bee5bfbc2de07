"""Issuing and revoking API keys: a secret shown once, only its hash kept."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from application.auth import Authenticate
from application.commands.api_keys import (
    IssueAdminKey,
    IssueAdminKeyHandler,
    IssueEmployerKey,
    IssueEmployerKeyHandler,
    RevokeEmployerKey,
    RevokeEmployerKeyHandler,
)
from application.commands.register_company import RegisteredCompany
from application.errors import Unauthenticated
from application.ports import UnitOfWorkFactory
from builders import AN_ADMIN
from domain.api_key import Audience
from domain.errors import ApiKeyLimitReached, InvalidTransition, NotFound
from domain.events import ApiKeyIssued, ApiKeyRevoked
from domain.ids import ApiKeyId, CompanyId
from fakes import FixedClock, InMemoryStore, PlainSecrets, SequentialIds

Snapshot = Callable[[], object]


# IssueEmployerKey


async def test_issuing_an_employer_key_stores_only_its_hash_for_the_company(
    issue_employer_key: IssueEmployerKeyHandler, store: InMemoryStore, company: RegisteredCompany
) -> None:
    issued = await issue_employer_key(IssueEmployerKey(company.company_id))

    key = store.api_keys[issued.key_id]
    assert key.audience is Audience.EMPLOYER
    assert key.company_id == company.company_id
    assert key.key_hash == PlainSecrets().hash(issued.api_key)
    assert issued.api_key.startswith("jbe_")
    assert issued.api_key != company.api_key
    event = store.outbox[-1]
    assert isinstance(event, ApiKeyIssued)
    assert (event.aggregate_id, event.company_id) == (issued.key_id, company.company_id)


async def test_a_second_key_works_alongside_the_first(
    issue_employer_key: IssueEmployerKeyHandler,
    authenticate: Authenticate,
    company: RegisteredCompany,
) -> None:
    issued = await issue_employer_key(IssueEmployerKey(company.company_id))

    assert (await authenticate(issued.api_key)).company_id == company.company_id
    assert (await authenticate(company.api_key)).company_id == company.company_id


async def test_issuing_a_key_for_an_unknown_company_is_not_found(
    issue_employer_key: IssueEmployerKeyHandler, ids: SequentialIds, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(NotFound):
        await issue_employer_key(IssueEmployerKey(CompanyId(ids.new_id())))

    assert snapshot() == before


async def test_a_company_at_its_key_cap_gets_no_more_keys_until_it_revokes_one(
    uow_port: UnitOfWorkFactory,
    clock: FixedClock,
    ids: SequentialIds,
    secrets: PlainSecrets,
    revoke_employer_key: RevokeEmployerKeyHandler,
    store: InMemoryStore,
    snapshot: Snapshot,
    company: RegisteredCompany,
) -> None:
    issue = IssueEmployerKeyHandler(uow_port, clock, ids, secrets, max_live_keys=3)
    await issue(IssueEmployerKey(company.company_id))
    await issue(IssueEmployerKey(company.company_id))  # with the sign-up's key: 3 live
    before = snapshot()

    with pytest.raises(ApiKeyLimitReached) as refused:
        await issue(IssueEmployerKey(company.company_id))

    assert "at most 3" in refused.value.message
    assert snapshot() == before
    await revoke_employer_key(RevokeEmployerKey(company.company_id, _key_id(store, company)))
    freed = await issue(IssueEmployerKey(company.company_id))
    assert store.api_keys[freed.key_id].is_active


async def test_the_catalogue_caps_keys_at_ten_by_default(
    issue_employer_key: IssueEmployerKeyHandler, company: RegisteredCompany
) -> None:
    for _ in range(9):  # the sign-up's key is the first of ten
        await issue_employer_key(IssueEmployerKey(company.company_id))

    with pytest.raises(ApiKeyLimitReached):
        await issue_employer_key(IssueEmployerKey(company.company_id))


# IssueAdminKey


async def test_issuing_an_admin_key_stores_a_key_for_no_company(
    issue_admin_key: IssueAdminKeyHandler, store: InMemoryStore
) -> None:
    issued = await issue_admin_key(IssueAdminKey("test admin", actor=AN_ADMIN))

    key = store.api_keys[issued.key_id]
    assert key.audience is Audience.ADMIN
    assert key.company_id is None
    assert key.key_hash == PlainSecrets().hash(issued.api_key)
    assert issued.api_key.startswith("jba_")
    event = store.outbox[-1]
    assert isinstance(event, ApiKeyIssued)
    assert (event.audience, event.company_id) == ("admin", None)


# RevokeEmployerKey


def _key_id(store: InMemoryStore, company: RegisteredCompany) -> ApiKeyId:
    """The id of the key ``company`` got when it registered."""
    return _key_id_of(store, company.api_key)


def _key_id_of(store: InMemoryStore, api_key: str) -> ApiKeyId:
    hashed = PlainSecrets().hash(api_key)
    (key,) = [k for k in store.api_keys.values() if k.key_hash == hashed]
    return key.id


async def test_a_revoked_key_stops_working_at_once(
    revoke_employer_key: RevokeEmployerKeyHandler,
    authenticate: Authenticate,
    store: InMemoryStore,
    clock: FixedClock,
    company: RegisteredCompany,
) -> None:
    key_id = _key_id(store, company)

    await revoke_employer_key(RevokeEmployerKey(company.company_id, key_id))

    assert store.api_keys[key_id].revoked_at == clock.now()
    assert not store.api_keys[key_id].is_active
    event = store.outbox[-1]
    assert isinstance(event, ApiKeyRevoked)
    assert event.aggregate_id == key_id
    with pytest.raises(Unauthenticated):
        await authenticate(company.api_key)


async def test_revoking_one_key_leaves_the_companys_other_keys_working(
    issue_employer_key: IssueEmployerKeyHandler,
    revoke_employer_key: RevokeEmployerKeyHandler,
    authenticate: Authenticate,
    store: InMemoryStore,
    company: RegisteredCompany,
) -> None:
    spare = await issue_employer_key(IssueEmployerKey(company.company_id))

    await revoke_employer_key(RevokeEmployerKey(company.company_id, _key_id(store, company)))

    assert (await authenticate(spare.api_key)).company_id == company.company_id


async def test_revoking_another_companys_key_is_not_found(
    revoke_employer_key: RevokeEmployerKeyHandler,
    authenticate: Authenticate,
    store: InMemoryStore,
    company: RegisteredCompany,
    other_company: RegisteredCompany,
    snapshot: Snapshot,
) -> None:
    their_key = _key_id(store, other_company)
    before = snapshot()

    with pytest.raises(NotFound):
        await revoke_employer_key(RevokeEmployerKey(company.company_id, their_key))

    assert snapshot() == before
    assert (await authenticate(other_company.api_key)).company_id == other_company.company_id


async def test_an_employer_cannot_revoke_an_admin_key(
    issue_admin_key: IssueAdminKeyHandler,
    revoke_employer_key: RevokeEmployerKeyHandler,
    company: RegisteredCompany,
    snapshot: Snapshot,
) -> None:
    admin = await issue_admin_key(IssueAdminKey("test admin", actor=AN_ADMIN))
    before = snapshot()

    with pytest.raises(NotFound):
        await revoke_employer_key(RevokeEmployerKey(company.company_id, admin.key_id))

    assert snapshot() == before


async def test_revoking_an_unknown_key_is_not_found(
    revoke_employer_key: RevokeEmployerKeyHandler, ids: SequentialIds, company: RegisteredCompany
) -> None:
    with pytest.raises(NotFound):
        await revoke_employer_key(RevokeEmployerKey(company.company_id, ApiKeyId(ids.new_id())))


async def test_revoking_a_key_twice_is_an_invalid_transition(
    revoke_employer_key: RevokeEmployerKeyHandler, store: InMemoryStore, company: RegisteredCompany
) -> None:
    key_id = _key_id(store, company)
    await revoke_employer_key(RevokeEmployerKey(company.company_id, key_id))

    with pytest.raises(InvalidTransition):
        await revoke_employer_key(RevokeEmployerKey(company.company_id, key_id))
