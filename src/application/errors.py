"""Errors the use cases raise besides the domain's own."""

from __future__ import annotations

from domain.errors import DomainError


class Unauthenticated(DomainError):
    """No API key, or one the board does not know (or has revoked)."""

    code = "unauthenticated"


class Forbidden(DomainError):
    """A valid key of the wrong audience for this act."""

    code = "forbidden"


class InvalidParameter(DomainError):
    """A query parameter that cannot be understood (a bad cursor, a bad filter)."""

    code = "invalid-parameter"


class Unavailable(Exception):
    """A port cannot reach what it stands for now (the database is down or restarting).
    Not the caller's fault, and not a broken rule: retrying shortly may succeed."""

    code = "database-unavailable"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Overloaded(Unavailable):
    """The board refuses an expensive read it has no room for now (more facet counts at
    once than it runs, or a statement past the public reads' time limit)."""

    code = "too-busy"


class ResyncRequired(DomainError):
    """A sync token older than what the board still remembers: changes it would need to
    resume from have been forgotten, so the client must copy the board afresh."""

    code = "resync-required"
