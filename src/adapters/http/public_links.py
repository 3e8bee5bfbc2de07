"""Addresses of the board's pages for people, from configuration only: a link built from
a request's Host header would point wherever a forged header says."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from adapters.settings import Settings


@dataclass(frozen=True, slots=True)
class PublicLinks:
    base_url: str
    posting_path: str

    @classmethod
    def from_settings(cls, settings: Settings) -> PublicLinks:
        return cls(settings.public_base_url, settings.posting_path)

    def posting(self, posting_id: UUID) -> str:
        # replace, not format: a path may hold other braces.
        return self.base_url + self.posting_path.replace("{id}", str(posting_id))
