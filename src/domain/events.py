"""Domain events: immutable facts in the past tense.

Every event names the aggregate it happened to and the aggregate version it
produced, so a consumer can ignore what it has already seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, slots=True)
class DomainEvent:
    aggregate_id: UUID
    version: int
    occurred_at: datetime


# Company


@dataclass(frozen=True, slots=True)
class CompanyRegistered(DomainEvent):
    name: str
    slug: str
    country: str


@dataclass(frozen=True, slots=True)
class CompanyProfileUpdated(DomainEvent):
    name: str
    website: str | None
    country: str


@dataclass(frozen=True, slots=True)
class CompanyVerified(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class CompanySuspended(DomainEvent):
    reason: str


@dataclass(frozen=True, slots=True)
class CompanyReinstated(DomainEvent):
    status: str


# Posting


@dataclass(frozen=True, slots=True)
class PostingDrafted(DomainEvent):
    company_id: UUID
    title: str
    language: str
    # How candidates apply: its kind only; the address is the employer's, not an event's.
    application_kind: str | None = None


@dataclass(frozen=True, slots=True)
class PostingRevised(DomainEvent):
    company_id: UUID
    title: str
    language: str
    # How candidates apply: its kind only; the address is the employer's, not an event's.
    application_kind: str | None = None


@dataclass(frozen=True, slots=True)
class PostingPublished(DomainEvent):
    company_id: UUID
    published_at: datetime
    valid_through: datetime
    application_kind: str | None = None


@dataclass(frozen=True, slots=True)
class PostingClosed(DomainEvent):
    company_id: UUID


@dataclass(frozen=True, slots=True)
class PostingExpired(DomainEvent):
    company_id: UUID
    valid_through: datetime


@dataclass(frozen=True, slots=True)
class PostingTakenDown(DomainEvent):
    company_id: UUID
    reason: str


# Near-duplicates: ids and the similarity only (no text of either ad).


@dataclass(frozen=True, slots=True)
class PostingFlaggedAsPossibleClone(DomainEvent):
    """At publish, the posting's ad was nearly another company's: a moderator should look."""

    company_id: UUID
    original_posting_id: UUID
    original_company_id: UUID
    similarity: float


# Requirement


@dataclass(frozen=True, slots=True)
class RequirementAdded(DomainEvent):
    name: str
    kind: str
    status: str


@dataclass(frozen=True, slots=True)
class RequirementApproved(DomainEvent):
    kind: str


@dataclass(frozen=True, slots=True)
class RequirementRenamed(DomainEvent):
    name: str
    previous_name: str


@dataclass(frozen=True, slots=True)
class RequirementAliased(DomainEvent):
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RequirementsMerged(DomainEvent):
    """This requirement was folded into ``into``; postings asking for it now ask for that one."""

    into: UUID


# API keys


@dataclass(frozen=True, slots=True)
class ApiKeyIssued(DomainEvent):
    audience: str
    company_id: UUID | None


@dataclass(frozen=True, slots=True)
class ApiKeyRevoked(DomainEvent):
    pass


# Job applications: ids and states only. The applicant's name, email, phone and résumé
# never enter an event (events outlive an erased application in the outbox).


@dataclass(frozen=True, slots=True)
class ApplicationSubmitted(DomainEvent):
    posting_id: UUID
    company_id: UUID


@dataclass(frozen=True, slots=True)
class ApplicationStatusChanged(DomainEvent):
    posting_id: UUID
    status: str
    previous_status: str


@dataclass(frozen=True, slots=True)
class ApplicationWithdrawn(DomainEvent):
    posting_id: UUID


@dataclass(frozen=True, slots=True)
class ApplicationPurged(DomainEvent):
    """Kept past the retention period the candidate consented to, and erased."""

    posting_id: UUID


# Moderation: a posting's review, and the reports candidates file about public postings.
# Reasons are codes from fixed lists; an admin's note and a reporter's note are free text
# the read side does not need, so only the admin's note travels (to the outbox, not to
# integration consumers), and a reporter's address never leaves its hashed column.


@dataclass(frozen=True, slots=True)
class PostingSubmittedForReview(DomainEvent):
    """Published by its employer, the posting waits for an admin (not public)."""

    company_id: UUID
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PostingReturnedToReview(DomainEvent):
    """A public posting left the board to wait for an admin (reports passed the threshold)."""

    company_id: UUID
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PostingApproved(DomainEvent):
    """An admin approved the posting: it went public at ``published_at``."""

    company_id: UUID
    published_at: datetime
    valid_through: datetime
    application_kind: str | None = None


@dataclass(frozen=True, slots=True)
class PostingRejected(DomainEvent):
    company_id: UUID
    rejection_reason: str  # a RejectionReason code
    note: str  # the admin's, for the employer: kept out of integration events


@dataclass(frozen=True, slots=True)
class PostingReported(DomainEvent):
    """A report (this event's aggregate) was filed about a public posting."""

    posting_id: UUID
    company_id: UUID
    report_reason: str  # a ReportReason code


@dataclass(frozen=True, slots=True)
class ReportDismissed(DomainEvent):
    posting_id: UUID


@dataclass(frozen=True, slots=True)
class ReportResolved(DomainEvent):
    """The posting reported was taken down; its open reports are resolved with it."""

    posting_id: UUID


# Job alerts: the alert's id and state only. The subscriber's address and the saved
# search stay in the alerts table (the mailer reads them there); events outlive both.


@dataclass(frozen=True, slots=True)
class AlertRequested(DomainEvent):
    """Someone asked for an alert; the board owes the address a confirmation email."""


@dataclass(frozen=True, slots=True)
class AlertConfirmed(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class AlertUnsubscribed(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class AlertExpired(DomainEvent):
    """Never confirmed within the confirmation window; it sends nothing, ever."""
