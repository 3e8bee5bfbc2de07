"""Issuing and revoking API keys. A key's secret is shown once; only its hash is kept."""

from __future__ import annotations

from dataclasses import dataclass, field

from application.audit import Actor, AggregateRef, AuditEntry
from application.ports import Clock, IdGenerator, KeySecrets, UnitOfWorkFactory
from domain.api_key import DEFAULT_MAX_LIVE_KEYS, ApiKey, ensure_room_for_another_key
from domain.errors import NotFound
from domain.ids import ApiKeyId, CompanyId

EMPLOYER_KEY_PREFIX = "jbe"
ADMIN_KEY_PREFIX = "jba"


@dataclass(frozen=True, slots=True)
class IssuedKey:
    key_id: ApiKeyId
    api_key: str


@dataclass(frozen=True, slots=True)
class IssueEmployerKey:
    company_id: CompanyId


@dataclass(frozen=True, slots=True)
class IssueAdminKey:
    name: str  # what the audit log shows beside the key's id
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class RevokeEmployerKey:
    company_id: CompanyId
    key_id: ApiKeyId


class IssueEmployerKeyHandler:
    """Give a company another API key (to rotate keys without downtime), up to
    ``max_live_keys`` live ones."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        secrets: KeySecrets,
        max_live_keys: int = DEFAULT_MAX_LIVE_KEYS,
    ) -> None:
        self._uow, self._clock, self._ids, self._secrets = uow, clock, ids, secrets
        self._max_live_keys = max_live_keys

    async def __call__(self, command: IssueEmployerKey) -> IssuedKey:
        plain = self._secrets.generate(EMPLOYER_KEY_PREFIX)
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            # Counted before the insert, without a lock: requests racing each other can
            # overshoot the cap by their number, which the per-key write limit bounds.
            live = await uow.api_keys.count_live_for_company(company.id)
            ensure_room_for_another_key(live, self._max_live_keys)
            key = ApiKey.for_company(
                ApiKeyId(self._ids.new_id()),
                company.id,
                self._secrets.hash(plain),
                self._clock.now(),
            )
            uow.api_keys.add(key)
            await uow.commit()
        return IssuedKey(key.id, plain)


class IssueAdminKeyHandler:
    """Make a key that acts for the board (verify, suspend, take down, curate)."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator, secrets: KeySecrets
    ) -> None:
        self._uow, self._clock, self._ids, self._secrets = uow, clock, ids, secrets

    async def __call__(self, command: IssueAdminKey) -> IssuedKey:
        plain = self._secrets.generate(ADMIN_KEY_PREFIX)
        now = self._clock.now()
        key = ApiKey.for_admin(
            ApiKeyId(self._ids.new_id()), self._secrets.hash(plain), now, command.name
        )
        async with self._uow() as uow:
            uow.api_keys.add(key)
            uow.audit.record(
                AuditEntry(
                    command.actor,
                    "issue_admin_key",
                    now,
                    AggregateRef("api_key", key.id),
                    details={"name": key.name or ""},
                )
            )
            await uow.commit()
        return IssuedKey(key.id, plain)


class RevokeEmployerKeyHandler:
    """Revoke one of the company's keys; it stops working at once."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: RevokeEmployerKey) -> None:
        async with self._uow() as uow:
            key = await uow.api_keys.get(command.key_id)
            if key.company_id != command.company_id:
                raise NotFound(f"api key {command.key_id} not found")
            key.revoke(self._clock.now())
            await uow.commit()
