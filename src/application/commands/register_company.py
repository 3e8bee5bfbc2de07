from __future__ import annotations

from dataclasses import dataclass

from application.commands.api_keys import EMPLOYER_KEY_PREFIX
from application.ports import Clock, IdGenerator, KeySecrets, UnitOfWorkFactory
from domain.api_key import ApiKey
from domain.company import Company, CompanyProfile
from domain.ids import ApiKeyId, CompanyId


@dataclass(frozen=True, slots=True)
class RegisterCompany:
    name: str
    country: str
    website: str | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class RegisteredCompany:
    company_id: CompanyId
    api_key: str  # shown once, never stored
    api_key_id: ApiKeyId  # so the first key, too, can be rotated out and revoked


class RegisterCompanyHandler:
    """Sign a company up (pending until an admin verifies it) and give it its first API key."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator, secrets: KeySecrets
    ) -> None:
        self._uow, self._clock, self._ids, self._secrets = uow, clock, ids, secrets

    async def __call__(self, command: RegisterCompany) -> RegisteredCompany:
        now = self._clock.now()
        profile = CompanyProfile(
            command.name, command.website, command.description, command.country
        )
        company = Company.register(CompanyId(self._ids.new_id()), profile, now)
        plain = self._secrets.generate(EMPLOYER_KEY_PREFIX)
        key = ApiKey.for_company(
            ApiKeyId(self._ids.new_id()), company.id, self._secrets.hash(plain), now
        )
        async with self._uow() as uow:
            uow.companies.add(company)
            uow.api_keys.add(key)
            await uow.commit()
        return RegisteredCompany(company.id, plain, key.id)
