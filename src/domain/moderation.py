"""Moderation: why a posting waits for an admin, what an admin may reject it for, and the
policy that decides, at publish, whether a posting goes public at once or to review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from domain.company import Company


class ReviewReason(StrEnum):
    """Why a posting is in the moderation queue."""

    NEW_COMPANY = "new_company"  # among the first postings of a recently verified company
    REPORTED = "reported"  # its open reports reached the threshold
    RESUBMITTED = "resubmitted_after_rejection"  # rejected before, revised and published again
    # For the duplicate check's screen (a PublishScreen): a copy of another company's ad.
    POSSIBLE_CLONE = "flagged_as_possible_clone"


class RejectionReason(StrEnum):
    """What an admin rejects a posting for; a free-text note says more."""

    SCAM = "scam"
    MISLEADING = "misleading"
    DISCRIMINATORY = "discriminatory"
    DUPLICATE = "duplicate"
    INCOMPLETE = "incomplete"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ModerationPolicy:
    """Which publishes need an admin's review.

    - ``first_postings``: a company's first N submitted postings are reviewed while the
      company was verified less than ``new_company_days`` ago (0 days: never);
    - ``report_threshold``: a posting with at least this many open reports is reviewed
      (a public one goes back to review when a report reaches it);
    - a posting rejected before is always reviewed again.
    Other screens (the duplicate check) add their reasons through the application's
    PublishScreen port."""

    first_postings: int = 1
    new_company_days: int = 14
    report_threshold: int = 3

    def __post_init__(self) -> None:
        if self.first_postings < 0 or self.new_company_days < 0 or self.report_threshold < 1:
            raise ValueError("first_postings and new_company_days >= 0, report_threshold >= 1")

    def is_new(self, company: Company, now: datetime) -> bool:
        verified_at = company.verified_at
        return verified_at is not None and now - verified_at < timedelta(days=self.new_company_days)

    def reasons_at_publish(
        self,
        company: Company,
        *,
        earlier_submissions: int,
        open_reports: int,
        was_rejected: bool,
        now: datetime,
    ) -> tuple[ReviewReason, ...]:
        """Why this publish needs review (none: it goes public). ``earlier_submissions``
        counts the company's other postings that were ever published or submitted."""
        reasons: list[ReviewReason] = []
        if was_rejected:
            reasons.append(ReviewReason.RESUBMITTED)
        if earlier_submissions < self.first_postings and self.is_new(company, now):
            reasons.append(ReviewReason.NEW_COMPANY)
        if self.too_many_reports(open_reports):
            reasons.append(ReviewReason.REPORTED)
        return tuple(reasons)

    def too_many_reports(self, open_reports: int) -> bool:
        return open_reports >= self.report_threshold
