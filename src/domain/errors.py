"""The domain's error hierarchy.

Every error carries a stable ``code``; the HTTP layer maps codes to problem
responses in one table, so the wording of messages can change freely.
"""

from __future__ import annotations

from uuid import UUID


class DomainError(Exception):
    """Base of every error a business rule raises."""

    code = "domain-error"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        field_errors: tuple[tuple[str, str], ...] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        # Several fields at once, as (field, message) pairs, when one act checks many.
        self.field_errors = field_errors


class InvariantViolated(DomainError):
    """A value or an aggregate would break one of its rules."""

    code = "invariant-violated"


class InvalidTransition(DomainError):
    """The aggregate's current state does not allow this act."""

    code = "invalid-transition"


class NotFound(DomainError):
    """The aggregate does not exist, or is not visible to the actor."""

    code = "not-found"


class AlreadyExists(DomainError):
    """A unique business key (a company slug, a requirement alias) is taken."""

    code = "already-exists"


class StaleVersion(DomainError):
    """The caller acted on a version of the aggregate that is no longer current."""

    code = "stale-version"


class ConcurrentModification(DomainError):
    """Another writer changed the aggregate between our read and our write."""

    code = "concurrent-modification"


class CompanyCannotPublish(DomainError):
    """Only a verified company that is not suspended may publish."""

    code = "company-cannot-publish"


class ApiKeyLimitReached(DomainError):
    """The company holds as many live API keys as a company may."""

    code = "api-key-limit-reached"


class ApplicationMethodMissing(DomainError):
    """A posting goes public only once it says how candidates apply."""

    code = "application-method-missing"


class NotAppliedOnBoard(DomainError):
    """The posting takes its applications elsewhere (its URL or email address)."""

    code = "not-applied-on-board"


class ResumeTooLarge(DomainError):
    """A résumé file over the board's limit."""

    code = "resume-too-large"


class ResumeTypeUnsupported(DomainError):
    """A résumé whose bytes are not a PDF, a DOCX document or plain text."""

    code = "resume-type-unsupported"


class ResumeTypeMismatch(DomainError):
    """A résumé whose bytes are not what its declared content type says."""

    code = "resume-type-mismatch"


# Near-duplicates


class RepostRefused(DomainError):
    """The ad is nearly one of the company's own postings public in the repost window:
    revise or reopen that one instead of posting it again."""

    code = "repost"

    def __init__(self, message: str, *, earlier_posting_id: UUID) -> None:
        super().__init__(message)
        self.earlier_posting_id = earlier_posting_id


class InvalidAnswers(DomainError):
    """Answers to a posting's screening questions that do not fit them (every one named)."""

    code = "invalid-answers"


class PayTransparencyIncomplete(DomainError):
    """Publishing for a place whose pay-transparency rule the board enforces, without the
    facts that rule asks a posting to state."""

    code = "pay-transparency-incomplete"
