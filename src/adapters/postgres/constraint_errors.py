"""Database constraint violations, translated into domain errors in this one place."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError

from domain.errors import AlreadyExists, ConcurrentModification, DomainError

CONSTRAINT_ERRORS: dict[str, Callable[[], DomainError]] = {
    "uq_companies_slug": lambda: AlreadyExists(
        "a company with this name is already on the board", field="name"
    ),
    "uq_requirement_terms_term": lambda: AlreadyExists(
        "the catalogue already has an entry with this name or alias", field="name"
    ),
    "uq_api_keys_key_hash": lambda: AlreadyExists("an API key with this hash already exists"),
    "pk_companies": lambda: AlreadyExists("the company already exists"),
    "pk_postings": lambda: AlreadyExists("the posting already exists"),
    "pk_requirements": lambda: AlreadyExists("the requirement already exists"),
    "pk_api_keys": lambda: AlreadyExists("the API key already exists"),
    "uq_job_applications_posting_id_email_key": lambda: AlreadyExists(
        "an application from this email address was already sent to this posting",
        field="email",
    ),
    "pk_job_applications": lambda: AlreadyExists("the application already exists"),
    # Moderation: one report per address and posting.
    "uq_posting_reports_posting_id_reporter_hash": lambda: AlreadyExists(
        "a report of this posting was already sent from this address"
    ),
    "pk_posting_reports": lambda: AlreadyExists("the report already exists"),
    # Two writers recorded the same version of one aggregate: the later one lost.
    "uq_outbox_aggregate_id_aggregate_version": lambda: ConcurrentModification(
        "the aggregate was changed by another writer"
    ),
}


def constraint_name(error: IntegrityError) -> str | None:
    """The name of the violated constraint, as asyncpg reports it."""
    cause = getattr(error.orig, "__cause__", None)
    name = getattr(cause, "constraint_name", None) or getattr(error.orig, "constraint_name", None)
    return name if isinstance(name, str) else None


def translate(error: IntegrityError) -> DomainError | None:
    """The domain error for a known constraint, or None for one we did not expect."""
    make = CONSTRAINT_ERRORS.get(constraint_name(error) or "")
    return make() if make else None
