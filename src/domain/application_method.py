"""How candidates apply to a posting: exactly one of the employer's own page (its ATS), an
email address, or on the board itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.email_address import email_address
from domain.guards import member, require
from domain.web_address import http_url

FIELD = "application_method"


class ApplicationKind(StrEnum):
    URL = "url"
    EMAIL = "email"
    BOARD = "board"


@dataclass(frozen=True, slots=True)
class ApplicationMethod:
    """``url`` is set exactly for URL applications, ``email`` exactly for email ones."""

    kind: ApplicationKind
    url: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        kind = member(ApplicationKind, self.kind, field=f"{FIELD}.kind")
        object.__setattr__(self, "kind", kind)
        for name in ("url", "email"):
            wanted = kind.value == name
            given = getattr(self, name) is not None
            require(
                given == wanted,
                f"{FIELD}.{name} is required for {kind.value} applications"
                if wanted
                else f"{FIELD}.{name} does not apply to {kind.value} applications",
                field=f"{FIELD}.{name}",
            )
        if self.url is not None:
            object.__setattr__(self, "url", http_url(self.url, field=f"{FIELD}.url"))
        if self.email is not None:
            object.__setattr__(self, "email", email_address(self.email, field=f"{FIELD}.email"))

    @classmethod
    def at_url(cls, url: str) -> ApplicationMethod:
        return cls(ApplicationKind.URL, url=url)

    @classmethod
    def by_email(cls, email: str) -> ApplicationMethod:
        return cls(ApplicationKind.EMAIL, email=email)

    @classmethod
    def on_board(cls) -> ApplicationMethod:
        return cls(ApplicationKind.BOARD)

    @property
    def on_the_board(self) -> bool:
        """Candidates apply on the board (schema.org ``directApply``)."""
        return self.kind is ApplicationKind.BOARD
