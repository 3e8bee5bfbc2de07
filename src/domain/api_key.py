"""API keys: who may act, for which company. Only a hash of the secret is ever kept."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from domain.aggregate import Aggregate
from domain.errors import ApiKeyLimitReached, InvalidTransition
from domain.events import ApiKeyIssued, ApiKeyRevoked
from domain.guards import clean_text
from domain.ids import ApiKeyId, CompanyId

# Live employer keys one company may hold unless configured otherwise: enough to rotate keys
# across a few deployments, few enough that a leaked key cannot mint keys without end.
DEFAULT_MAX_LIVE_KEYS = 10
# Long enough for "ops on-call, laptop of Ana (2026)"; short enough to read in a log line.
MAX_KEY_NAME_LENGTH = 100


def ensure_room_for_another_key(live_keys: int, most: int) -> None:
    """A company with ``live_keys`` live keys may get one more only while it holds fewer
    than ``most``."""
    if live_keys >= most:
        raise ApiKeyLimitReached(
            f"the company already has {live_keys} live API keys and may hold at most {most}; "
            "revoke one before issuing another"
        )


class Audience(StrEnum):
    EMPLOYER = "employer"  # acts for exactly one company
    ADMIN = "admin"  # acts for the board


class ApiKey(Aggregate[ApiKeyId]):
    def __init__(
        self,
        *,
        id: ApiKeyId,
        audience: Audience,
        company_id: CompanyId | None,
        key_hash: str,
        created_at: datetime,
        revoked_at: datetime | None,
        version: int,
        name: str | None = None,
    ) -> None:
        super().__init__(id, version)
        self._name = name
        self._audience = audience
        self._company_id = company_id
        self._key_hash = key_hash
        self._created_at = created_at
        self._revoked_at = revoked_at

    @classmethod
    def for_company(
        cls, id: ApiKeyId, company_id: CompanyId, key_hash: str, now: datetime
    ) -> ApiKey:
        return cls._issue(id, Audience.EMPLOYER, company_id, key_hash, now)

    @classmethod
    def for_admin(cls, id: ApiKeyId, key_hash: str, now: datetime, name: str) -> ApiKey:
        """An admin key, named so that the audit log says who acted (keys made before
        names existed have none)."""
        named = clean_text(name, field="name", max_length=MAX_KEY_NAME_LENGTH)
        return cls._issue(id, Audience.ADMIN, None, key_hash, now, named)

    @classmethod
    def _issue(
        cls,
        id: ApiKeyId,
        audience: Audience,
        company_id: CompanyId | None,
        key_hash: str,
        now: datetime,
        name: str | None = None,
    ) -> ApiKey:
        key = cls(
            id=id,
            name=name,
            audience=audience,
            company_id=company_id,
            key_hash=key_hash,
            created_at=now,
            revoked_at=None,
            version=0,
        )
        key._record(ApiKeyIssued(id, key.next_version, now, audience.value, company_id))
        return key

    @property
    def name(self) -> str | None:
        return self._name

    @property
    def audience(self) -> Audience:
        return self._audience

    @property
    def company_id(self) -> CompanyId | None:
        return self._company_id

    @property
    def key_hash(self) -> str:
        return self._key_hash

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def revoked_at(self) -> datetime | None:
        return self._revoked_at

    @property
    def is_active(self) -> bool:
        return self._revoked_at is None

    def revoke(self, now: datetime) -> None:
        if self._revoked_at is not None:
            raise InvalidTransition("the key is already revoked")
        self._revoked_at = now
        self._record(ApiKeyRevoked(self.id, self.next_version, now))
