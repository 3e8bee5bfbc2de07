"""The Posting aggregate: one job offer of one company, and its lifecycle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from domain.aggregate import Aggregate
from domain.company import Company
from domain.errors import CompanyCannotPublish, InvalidTransition, InvariantViolated
from domain.events import (
    PostingApproved,
    PostingClosed,
    PostingDrafted,
    PostingExpired,
    PostingFlaggedAsPossibleClone,
    PostingPublished,
    PostingRejected,
    PostingReturnedToReview,
    PostingRevised,
    PostingSubmittedForReview,
    PostingTakenDown,
)
from domain.guards import clean_text
from domain.ids import CompanyId, PostingId
from domain.moderation import RejectionReason, ReviewReason
from domain.pay_transparency import (
    PayTransparencyPolicy,
    Verdict,
    ensure_publishable_under,
    verdicts,
)
from domain.posting_values import PostingDetails

DEFAULT_VALIDITY = timedelta(days=60)
MAX_VALIDITY = timedelta(days=180)


class PostingStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"
    EXPIRED = "expired"
    TAKEN_DOWN = "taken_down"
    IN_REVIEW = "in_review"  # waiting for an admin; not public
    REJECTED = "rejected"  # an admin said no; the employer may revise and publish again


EDITABLE = frozenset(
    {
        PostingStatus.DRAFT,
        PostingStatus.PUBLISHED,
        PostingStatus.IN_REVIEW,
        PostingStatus.REJECTED,
    }
)
# What an employer may publish: a draft, or a rejected posting it revised.
PUBLISHABLE = frozenset({PostingStatus.DRAFT, PostingStatus.REJECTED})
# Ever published or submitted: what counts among a company's first postings.
SUBMITTED = frozenset(set(PostingStatus) - {PostingStatus.DRAFT})
MAX_NOTE_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class Review:
    """Where a posting stands with the moderators: why it waits (while in review) and
    since when, and the last rejection (its code and the admin's note)."""

    reasons: tuple[ReviewReason, ...] = ()
    submitted_at: datetime | None = None
    rejection_reason: RejectionReason | None = None
    rejection_note: str | None = None


NO_REVIEW = Review()


class Posting(Aggregate[PostingId]):
    """A job offer: drafted, published for a while, then closed, expired or taken down."""

    def __init__(
        self,
        *,
        id: PostingId,
        company_id: CompanyId,
        details: PostingDetails,
        status: PostingStatus,
        published_at: datetime | None,
        valid_through: datetime | None,
        ended_at: datetime | None,
        take_down_reason: str | None,
        created_at: datetime,
        updated_at: datetime,
        version: int,
        review: Review = NO_REVIEW,
    ) -> None:
        super().__init__(id, version)
        self._review = review
        self._company_id = company_id
        self._details = details
        self._status = status
        self._published_at = published_at
        self._valid_through = valid_through
        self._ended_at = ended_at
        self._take_down_reason = take_down_reason
        self._created_at = created_at
        self._updated_at = updated_at

    @classmethod
    def draft(
        cls, id: PostingId, company_id: CompanyId, details: PostingDetails, now: datetime
    ) -> Posting:
        posting = cls(
            id=id,
            company_id=company_id,
            details=details,
            status=PostingStatus.DRAFT,
            published_at=None,
            valid_through=None,
            ended_at=None,
            take_down_reason=None,
            created_at=now,
            updated_at=now,
            version=0,
        )
        posting._record(
            PostingDrafted(
                id,
                posting.next_version,
                now,
                company_id,
                details.title,
                details.language,
                details.application_kind,
            )
        )
        return posting

    @property
    def company_id(self) -> CompanyId:
        return self._company_id

    @property
    def details(self) -> PostingDetails:
        return self._details

    @property
    def status(self) -> PostingStatus:
        return self._status

    @property
    def published_at(self) -> datetime | None:
        return self._published_at

    @property
    def valid_through(self) -> datetime | None:
        return self._valid_through

    @property
    def ended_at(self) -> datetime | None:
        """When the posting was closed, expired or taken down."""
        return self._ended_at

    @property
    def take_down_reason(self) -> str | None:
        return self._take_down_reason

    @property
    def created_at(self) -> datetime:
        return self._created_at

    @property
    def updated_at(self) -> datetime:
        return self._updated_at

    @property
    def review(self) -> Review:
        return self._review

    @property
    def was_rejected(self) -> bool:
        return self._status is PostingStatus.REJECTED

    def is_past_validity(self, now: datetime) -> bool:
        return self._valid_through is not None and now >= self._valid_through

    def ensure_editable(self) -> None:
        """Only drafts and published postings can be revised; the rest are final."""
        if self._status not in EDITABLE:
            raise InvalidTransition(f"a {self._status} posting can no longer be edited")

    def revise(self, details: PostingDetails, now: datetime) -> None:
        """Replace what the posting says. Drafts and published postings only."""
        self.ensure_editable()
        if details == self._details:
            return
        if self._status in (PostingStatus.PUBLISHED, PostingStatus.IN_REVIEW):
            details.ensure_publishable()
        self._details = details
        self._updated_at = now
        self._record(
            PostingRevised(
                self.id,
                self.next_version,
                now,
                self._company_id,
                details.title,
                details.language,
                details.application_kind,
            )
        )

    def pay_transparency(
        self, policy: PayTransparencyPolicy, on: datetime | None = None
    ) -> tuple[Verdict, ...]:
        """The pay-transparency rules covering the posting, as of ``on`` (by default the day
        it was published, else the day it was last changed), with what each finds missing."""
        moment = on or self._published_at or self._updated_at
        return verdicts(self._details, moment.date(), policy)

    def publish(
        self,
        company: Company,
        now: datetime,
        valid_through: datetime | None = None,
        review: tuple[ReviewReason, ...] = (),
        pay_policy: PayTransparencyPolicy | None = None,
    ) -> None:
        """Put a draft on the board until ``valid_through`` (default 60 days, at most 180),
        or, when the moderation policy gave ``review`` reasons, submit it for an admin's
        review. A rejected posting, revised, is always submitted again. A pay-transparency
        rule the board's policy enforces (``block``) refuses a posting that lacks what the
        rule asks it to state; the others only warn."""
        if company.id != self._company_id:
            raise InvariantViolated("a posting is published by its own company")
        if self._status not in PUBLISHABLE:
            raise InvalidTransition(f"a {self._status} posting cannot be published")
        if not company.can_publish:
            raise CompanyCannotPublish(
                f"a {company.status} company cannot publish; it must be verified first"
                if company.status == "pending"
                else f"a {company.status} company cannot publish"
            )
        until = self._checked_validity(now, valid_through)
        self._details.ensure_publishable()
        self._details.ensure_applicable()
        ensure_publishable_under(self.pay_transparency(pay_policy or PayTransparencyPolicy(), now))
        if self._status is PostingStatus.REJECTED and ReviewReason.RESUBMITTED not in review:
            review = (ReviewReason.RESUBMITTED, *review)
        if review:
            # The validity asked for is kept (None: the default from approval on).
            self._status = PostingStatus.IN_REVIEW
            self._valid_through = None if valid_through is None else until
            self._review = Review(tuple(dict.fromkeys(review)), now)
            self._updated_at = now
            self._record(
                PostingSubmittedForReview(
                    self.id,
                    self.next_version,
                    now,
                    self._company_id,
                    tuple(r.value for r in self._review.reasons),
                )
            )
            return
        self._go_public(now, until)
        self._record(
            PostingPublished(
                self.id,
                self.next_version,
                now,
                self._company_id,
                now,
                until,
                self._details.application_kind,
            )
        )

    @staticmethod
    def _checked_validity(now: datetime, valid_through: datetime | None) -> datetime:
        if valid_through is not None and valid_through.utcoffset() is None:
            raise InvariantViolated("valid_through must include a time zone", field="valid_through")
        # Kept in UTC, as every time the board keeps (the database answers it so).
        until = (
            valid_through.astimezone(UTC) if valid_through is not None else now + DEFAULT_VALIDITY
        )
        if until <= now:
            raise InvariantViolated("valid_through must be in the future", field="valid_through")
        if until > now + MAX_VALIDITY:
            raise InvariantViolated(
                "valid_through may be at most 180 days ahead", field="valid_through"
            )
        return until

    def _go_public(self, now: datetime, until: datetime) -> None:
        self._status = PostingStatus.PUBLISHED
        self._published_at = now
        self._valid_through = until
        self._updated_at = now

    def approve(self, company: Company, now: datetime) -> None:
        """An admin lets a posting in review go public, from now on: ``published_at`` is
        the time it went public. It keeps the validity its employer asked for while that
        is still ahead, else gets the default."""
        if self._status is not PostingStatus.IN_REVIEW:
            raise InvalidTransition(f"a {self._status} posting cannot be approved")
        if not company.can_publish or company.id != self._company_id:
            raise CompanyCannotPublish(f"a {company.status} company's posting cannot go public")
        asked = self._valid_through
        until = asked if asked is not None and now < asked else now + DEFAULT_VALIDITY
        self._go_public(now, until)
        self._review = Review()
        self._record(
            PostingApproved(
                self.id,
                self.next_version,
                now,
                self._company_id,
                now,
                until,
                self._details.application_kind,
            )
        )

    def reject(self, reason: RejectionReason, note: str, now: datetime) -> None:
        """An admin refuses a posting in review, for a reason from the fixed list and a
        note the employer reads; the employer may revise it and publish again."""
        if self._status is not PostingStatus.IN_REVIEW:
            raise InvalidTransition(f"a {self._status} posting cannot be rejected")
        note = clean_text(note, field="note", max_length=MAX_NOTE_LENGTH)
        self._status = PostingStatus.REJECTED
        self._review = Review(rejection_reason=reason, rejection_note=note)
        self._updated_at = now
        self._record(
            PostingRejected(self.id, self.next_version, now, self._company_id, reason.value, note)
        )

    def return_to_review(self, reasons: tuple[ReviewReason, ...], now: datetime) -> None:
        """A public posting leaves the board to wait for an admin (too many reports)."""
        if self._status is not PostingStatus.PUBLISHED:
            raise InvalidTransition(f"a {self._status} posting cannot return to review")
        if not reasons:
            raise InvariantViolated("a posting returns to review for a reason")
        self._status = PostingStatus.IN_REVIEW
        self._review = Review(tuple(dict.fromkeys(reasons)), now)
        self._updated_at = now
        self._record(
            PostingReturnedToReview(
                self.id,
                self.next_version,
                now,
                self._company_id,
                tuple(r.value for r in self._review.reasons),
            )
        )

    def close(self, now: datetime) -> None:
        """The employer has filled the job or stopped hiring."""
        if self._status is not PostingStatus.PUBLISHED:
            raise InvalidTransition(f"a {self._status} posting cannot be closed")
        self._status = PostingStatus.CLOSED
        self._ended_at = now
        self._updated_at = now
        self._record(PostingClosed(self.id, self.next_version, now, self._company_id))

    def expire(self, now: datetime) -> None:
        """A published posting whose validity has passed leaves the board."""
        if self._status is not PostingStatus.PUBLISHED or self._valid_through is None:
            raise InvalidTransition(f"a {self._status} posting cannot expire")
        if now < self._valid_through:
            raise InvalidTransition("the posting is still valid")
        self._status = PostingStatus.EXPIRED
        self._ended_at = now
        self._updated_at = now
        self._record(
            PostingExpired(self.id, self.next_version, now, self._company_id, self._valid_through)
        )

    def take_down(self, reason: str, now: datetime) -> None:
        """An admin removes the posting from the board, whatever its state."""
        if self._status is PostingStatus.TAKEN_DOWN:
            raise InvalidTransition("the posting is already taken down")
        reason = clean_text(reason, field="reason", max_length=1000)
        self._status = PostingStatus.TAKEN_DOWN
        self._take_down_reason = reason
        self._ended_at = now
        self._updated_at = now
        self._record(PostingTakenDown(self.id, self.next_version, now, self._company_id, reason))

    def flag_as_possible_clone(
        self,
        original_posting_id: PostingId,
        original_company_id: CompanyId,
        similarity: float,
        now: datetime,
    ) -> None:
        """The ad nearly copies another company's posting: record it for moderation. The
        posting stays as it is (flagged, not refused): a clone may be an agency's honest
        copy, which only a person can tell: the moderation queue holds it (in review)."""
        if self._status not in (PostingStatus.PUBLISHED, PostingStatus.IN_REVIEW):
            raise InvalidTransition(f"a {self._status} posting is not judged for clones")
        if original_company_id == self._company_id or original_posting_id == self.id:
            raise InvariantViolated("a clone copies another company's posting")
        self._record(
            PostingFlaggedAsPossibleClone(
                self.id,
                self.next_version,
                now,
                self._company_id,
                original_posting_id,
                original_company_id,
                similarity,
            )
        )
