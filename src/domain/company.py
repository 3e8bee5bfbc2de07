"""The Company aggregate: an employer and whether it may publish."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.aggregate import Aggregate
from domain.errors import InvalidTransition
from domain.events import (
    CompanyProfileUpdated,
    CompanyRegistered,
    CompanyReinstated,
    CompanySuspended,
    CompanyVerified,
)
from domain.guards import clean_text, require
from domain.ids import CompanyId
from domain.iso_codes import country_code
from domain.web_address import website_url


class CompanyStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    SUSPENDED = "suspended"


# Latin letters that Unicode does not decompose into a base letter and an accent.
_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {
        "ø": "o",
        "ß": "ss",
        "ł": "l",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "þ": "th",
        "ð": "d",
        "\u0131": "i",
    }
)


def slugify(name: str) -> str:
    """A URL-safe slug of a company name: ASCII letters and digits joined by hyphens."""
    spelled = name.casefold().translate(_LETTERS_WITHOUT_DECOMPOSITION)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:80].rstrip("-")


@dataclass(frozen=True, slots=True)
class CompanyProfile:
    """What a company says about itself."""

    name: str
    website: str | None
    description: str
    country: str

    def __post_init__(self) -> None:
        name = clean_text(self.name, field="name", max_length=200)
        require(
            bool(slugify(name)),
            "name must contain at least one Latin letter or digit (it makes the company's URL)",
            field="name",
        )
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "website", website_url(self.website))
        object.__setattr__(
            self,
            "description",
            clean_text(self.description, field="description", max_length=10_000, allow_empty=True),
        )
        object.__setattr__(self, "country", country_code(self.country))


class Company(Aggregate[CompanyId]):
    """An employer. Only a verified company that is not suspended can publish postings."""

    def __init__(
        self,
        *,
        id: CompanyId,
        slug: str,
        profile: CompanyProfile,
        status: CompanyStatus,
        status_before_suspension: CompanyStatus | None,
        suspension_reason: str | None,
        created_at: datetime,
        updated_at: datetime,
        version: int,
        verified_at: datetime | None = None,
    ) -> None:
        super().__init__(id, version)
        self._verified_at = verified_at
        self._slug = slug
        self._profile = profile
        self._status = status
        self._status_before_suspension = status_before_suspension
        self._suspension_reason = suspension_reason
        self._created_at = created_at
        self._updated_at = updated_at

    @classmethod
    def register(cls, id: CompanyId, profile: CompanyProfile, now: datetime) -> Company:
        company = cls(
            id=id,
            slug=slugify(profile.name),
            profile=profile,
            status=CompanyStatus.PENDING,
            status_before_suspension=None,
            suspension_reason=None,
            created_at=now,
            updated_at=now,
            version=0,
        )
        company._record(
            CompanyRegistered(
                id, company.next_version, now, profile.name, company.slug, profile.country
            )
        )
        return company

    @property
    def slug(self) -> str:
        return self._slug

    @property
    def profile(self) -> CompanyProfile:
        return self._profile

    @property
    def status(self) -> CompanyStatus:
        return self._status

    @property
    def status_before_suspension(self) -> CompanyStatus | None:
        return self._status_before_suspension

    @property
    def suspension_reason(self) -> str | None:
        return self._suspension_reason

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def updated_at(self) -> datetime:
        return self._updated_at

    @property
    def verified_at(self) -> datetime | None:
        """When an admin verified the company (None: not yet, or before the board kept it)."""
        return self._verified_at

    @property
    def can_publish(self) -> bool:
        return self._status is CompanyStatus.VERIFIED

    def update_profile(self, profile: CompanyProfile, now: datetime) -> None:
        """Replace the profile. The slug stays: public links to the company must not break."""
        if profile == self._profile:
            return
        self._profile = profile
        self._updated_at = now
        self._record(
            CompanyProfileUpdated(
                self.id, self.next_version, now, profile.name, profile.website, profile.country
            )
        )

    def verify(self, now: datetime) -> None:
        if self._status is not CompanyStatus.PENDING:
            raise InvalidTransition(f"a {self._status} company cannot be verified")
        self._status = CompanyStatus.VERIFIED
        self._verified_at = now
        self._updated_at = now
        self._record(CompanyVerified(self.id, self.next_version, now))

    def suspend(self, reason: str, now: datetime) -> None:
        if self._status is CompanyStatus.SUSPENDED:
            raise InvalidTransition("the company is already suspended")
        reason = clean_text(reason, field="reason", max_length=1000)
        self._status_before_suspension = self._status
        self._status = CompanyStatus.SUSPENDED
        self._suspension_reason = reason
        self._updated_at = now
        self._record(CompanySuspended(self.id, self.next_version, now, reason))

    def reinstate(self, now: datetime) -> None:
        if self._status is not CompanyStatus.SUSPENDED or self._status_before_suspension is None:
            raise InvalidTransition("only a suspended company can be reinstated")
        self._status = self._status_before_suspension
        self._status_before_suspension = None
        self._suspension_reason = None
        self._updated_at = now
        self._record(CompanyReinstated(self.id, self.next_version, now, self._status.value))
