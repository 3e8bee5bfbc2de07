"""The Posting aggregate: one job offer of one company, and its lifecycle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum

from domain.aggregate import Aggregate
from domain.company import Company
from domain.errors import CompanyCannotPublish, InvalidTransition, InvariantViolated
from domain.events import (
    PostingClosed,
    PostingDrafted,
    PostingExpired,
    PostingPublished,
    PostingRevised,
    PostingTakenDown,
)
from domain.guards import clean_text
from domain.ids import CompanyId, PostingId
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


EDITABLE = frozenset({PostingStatus.DRAFT, PostingStatus.PUBLISHED})


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
    ) -> None:
        super().__init__(id, version)
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
        if self._status is PostingStatus.PUBLISHED:
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
        pay_policy: PayTransparencyPolicy | None = None,
    ) -> None:
        """Put a draft on the board until ``valid_through`` (default 60 days, at most 180).
        A pay-transparency rule the board's policy enforces (``block``) refuses a posting
        that lacks what the rule asks it to state; the others only warn."""
        if company.id != self._company_id:
            raise InvariantViolated("a posting is published by its own company")
        if self._status is not PostingStatus.DRAFT:
            raise InvalidTransition(f"a {self._status} posting cannot be published")
        if not company.can_publish:
            raise CompanyCannotPublish(
                f"a {company.status} company cannot publish; it must be verified first"
                if company.status == "pending"
                else f"a {company.status} company cannot publish"
            )
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
        self._details.ensure_publishable()
        self._details.ensure_applicable()
        ensure_publishable_under(self.pay_transparency(pay_policy or PayTransparencyPolicy(), now))
        self._status = PostingStatus.PUBLISHED
        self._published_at = now
        self._valid_through = until
        self._updated_at = now
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
