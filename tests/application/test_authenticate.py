"""Who is calling: a presented API key becomes a principal, or the call is refused."""

from __future__ import annotations

import pytest

from application.auth import Authenticate, Principal
from application.commands.api_keys import (
    IssueAdminKey,
    IssueAdminKeyHandler,
    RevokeEmployerKey,
    RevokeEmployerKeyHandler,
)
from application.commands.register_company import RegisteredCompany
from application.errors import Forbidden, Unauthenticated
from builders import AN_ADMIN
from domain.api_key import Audience
from fakes import InMemoryStore, PlainSecrets


@pytest.mark.parametrize("presented", [None, ""], ids=["missing", "empty"])
async def test_no_key_is_unauthenticated(authenticate: Authenticate, presented: str | None) -> None:
    with pytest.raises(Unauthenticated):
        await authenticate(presented)


async def test_an_unknown_key_is_unauthenticated(
    authenticate: Authenticate, company: RegisteredCompany
) -> None:
    with pytest.raises(Unauthenticated):
        await authenticate(company.api_key + "x")


async def test_the_stored_hash_itself_is_not_a_key(
    authenticate: Authenticate, company: RegisteredCompany
) -> None:
    with pytest.raises(Unauthenticated):
        await authenticate(PlainSecrets().hash(company.api_key))


async def test_a_revoked_key_is_unauthenticated(
    revoke_employer_key: RevokeEmployerKeyHandler,
    authenticate: Authenticate,
    store: InMemoryStore,
    company: RegisteredCompany,
) -> None:
    (key,) = store.api_keys.values()
    await revoke_employer_key(RevokeEmployerKey(company.company_id, key.id))

    with pytest.raises(Unauthenticated):
        await authenticate(company.api_key)


async def test_a_valid_employer_key_is_a_principal_of_its_company(
    authenticate: Authenticate, store: InMemoryStore, company: RegisteredCompany
) -> None:
    principal = await authenticate(company.api_key)

    (key,) = store.api_keys.values()
    assert principal == Principal(key.id, Audience.EMPLOYER, company.company_id)
    assert principal.employer_company() == company.company_id


async def test_a_valid_admin_key_is_an_admin_principal(
    issue_admin_key: IssueAdminKeyHandler, authenticate: Authenticate
) -> None:
    issued = await issue_admin_key(IssueAdminKey("test admin", actor=AN_ADMIN))

    principal = await authenticate(issued.api_key)

    assert principal == Principal(issued.key_id, Audience.ADMIN, None, "test admin")
    principal.require_admin()  # does not raise


async def test_an_admin_principal_acts_for_no_company(
    issue_admin_key: IssueAdminKeyHandler, authenticate: Authenticate
) -> None:
    issued = await issue_admin_key(IssueAdminKey("test admin", actor=AN_ADMIN))
    principal = await authenticate(issued.api_key)

    with pytest.raises(Forbidden):
        principal.employer_company()


async def test_an_employer_principal_is_not_an_admin(
    authenticate: Authenticate, company: RegisteredCompany
) -> None:
    principal = await authenticate(company.api_key)

    with pytest.raises(Forbidden):
        principal.require_admin()


async def test_each_company_key_authenticates_as_its_own_company(
    authenticate: Authenticate, company: RegisteredCompany, other_company: RegisteredCompany
) -> None:
    mine = await authenticate(company.api_key)
    theirs = await authenticate(other_company.api_key)

    assert mine.employer_company() == company.company_id
    assert theirs.employer_company() == other_company.company_id
