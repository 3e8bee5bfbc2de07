"""Who is calling: an API key becomes a principal, or the call is refused."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from application.audit import Actor
from application.errors import Forbidden, Unauthenticated
from application.ports import KeySecrets, UnitOfWorkFactory
from domain.api_key import Audience
from domain.ids import ApiKeyId, CompanyId


@dataclass(frozen=True, slots=True)
class Principal:
    key_id: ApiKeyId
    audience: Audience
    company_id: CompanyId | None
    name: str | None = None  # an admin key's name

    def employer_company(self) -> CompanyId:
        """The company an employer key acts for; Forbidden for any other key."""
        if self.audience is not Audience.EMPLOYER or self.company_id is None:
            raise Forbidden("this route is for employer keys")
        return self.company_id

    def require_admin(self) -> None:
        if self.audience is not Audience.ADMIN:
            raise Forbidden("this route is for admin keys")

    def as_actor(self) -> Actor:
        """Who an admin key's acts are recorded as; Forbidden for any other key."""
        self.require_admin()
        return Actor.admin_key(self.key_id, self.name)


class Authenticate:
    """Turn a presented API key into a principal; unknown or revoked keys are refused."""

    def __init__(self, uow: UnitOfWorkFactory, secrets: KeySecrets) -> None:
        self._uow, self._secrets = uow, secrets

    async def __call__(self, presented: str | None) -> Principal:
        if not presented:
            raise Unauthenticated("an API key is required: Authorization: Bearer <key>")
        digest = self._secrets.hash(presented)
        async with self._uow() as uow:
            key = await uow.api_keys.find_by_hash(digest)
        # Keys are looked up and compared by digest, never as themselves, and the match is
        # confirmed in constant time: no timing tells how much of a guessed key was right.
        if key is None or not hmac.compare_digest(key.key_hash, digest) or not key.is_active:
            raise Unauthenticated("the API key is unknown or revoked")
        return Principal(key.id, key.audience, key.company_id, key.name)
