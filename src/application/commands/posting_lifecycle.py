"""Moving a posting through its life: publish, close, take down, expire."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from application.audit import Actor, AggregateRef, AuditEntry
from application.commands.moderation import Moderation, resolve_open_reports
from application.commands.own_posting import load_own_posting
from application.duplicates import NOT_JUDGED, DuplicatePolicy, screen_for_duplicates
from application.owner_views import own_posting_view
from application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from application.views import OwnPostingView
from domain.errors import ConcurrentModification, InvalidTransition, RepostRefused
from domain.ids import CompanyId, PostingId
from domain.moderation import ReviewReason
from domain.near_duplicates import DuplicateVerdict
from domain.pay_transparency import PayTransparencyPolicy
from domain.posting import PUBLISHABLE, Posting

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PublishPosting:
    company_id: CompanyId
    posting_id: PostingId
    valid_through: datetime | None = None
    expected_version: int | None = None


@dataclass(frozen=True, slots=True)
class ClosePosting:
    company_id: CompanyId
    posting_id: PostingId
    expected_version: int | None = None


@dataclass(frozen=True, slots=True)
class TakeDownPosting:
    posting_id: PostingId
    reason: str
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class ExpirePostings:
    batch_size: int = 500
    actor: Actor = field(kw_only=True)

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError("batch_size must be at least 1")


@dataclass(frozen=True, slots=True)
class Published:
    """A publish's outcome: the posting as published (or submitted for review), and what
    the duplicate check found (a possible clone goes to the moderation queue)."""

    posting: OwnPostingView
    duplicates: DuplicateVerdict


class PublishPostingHandler:
    """Put a draft (or a rejected posting, revised) on the public board. Only a verified
    company that is not suspended may, and not as a repost: an ad nearly the same as one of
    the company's postings public in the repost window is refused (409 repost, naming it).
    When the moderation policy or a screen asks for it, the posting is submitted for an
    admin's review instead (status in_review); another company's near-identical ad is
    such a case (flagged as a possible clone, not refused). Answers the posting as
    published or submitted, with the verdicts of the pay-transparency rules covering it; a
    rule the board's policy blocks on refuses a posting lacking its facts."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        moderation: Moderation | None = None,
        duplicates: DuplicatePolicy | None = None,
        pay_policy: PayTransparencyPolicy | None = None,
    ) -> None:
        self._uow, self._clock = uow, clock
        self._pay_policy = pay_policy or PayTransparencyPolicy()
        self._moderation = moderation or Moderation()
        # None: no duplicate check (the bench's baseline).
        self._duplicates = duplicates

    @property
    def duplicate_policy(self) -> DuplicatePolicy | None:
        return self._duplicates

    async def __call__(self, command: PublishPosting) -> OwnPostingView:
        return (await self.publish(command)).posting

    async def publish(self, command: PublishPosting) -> Published:
        """The publish, with the duplicate check's verdict."""
        async with self._uow() as uow:
            posting = await load_own_posting(
                uow, command.company_id, command.posting_id, command.expected_version
            )
            company = await uow.companies.get(command.company_id)
            now = self._clock.now()
            verdict = NOT_JUDGED
            review: tuple[ReviewReason, ...] = ()
            if posting.status in PUBLISHABLE and company.can_publish:
                verdict = await self._screen(uow, posting, now)
                review = await self._moderation.reasons_at_publish(uow, company, posting, now)
                if verdict.needs_review:
                    review = (*review, ReviewReason.POSSIBLE_CLONE)
            posting.publish(
                company, now, command.valid_through, review, pay_policy=self._pay_policy
            )
            if verdict.needs_review:
                assert verdict.earlier_posting_id and verdict.earlier_company_id
                assert verdict.similarity is not None
                posting.flag_as_possible_clone(
                    verdict.earlier_posting_id, verdict.earlier_company_id, verdict.similarity, now
                )
            await uow.commit()
            return Published(await own_posting_view(uow, posting, self._pay_policy), verdict)

    async def _screen(self, uow: UnitOfWork, posting: Posting, now: datetime) -> DuplicateVerdict:
        """The duplicate check's verdict; a repost is refused here, before any change."""
        if self._duplicates is None:
            return NOT_JUDGED
        verdict = await screen_for_duplicates(uow, posting, now, self._duplicates)
        if verdict.is_repost:
            assert verdict.earlier_posting_id is not None
            days = self._duplicates.repost_window.days
            raise RepostRefused(
                f"the ad is nearly the same as posting {verdict.earlier_posting_id}, public "
                f"within the last {days} days; revise or reopen that one instead",
                earlier_posting_id=verdict.earlier_posting_id,
            )
        return verdict


class ClosePostingHandler:
    """Take a published posting off the board because the job is filled or withdrawn.
    Answers the posting as closed."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: ClosePosting) -> OwnPostingView:
        async with self._uow() as uow:
            posting = await load_own_posting(
                uow, command.company_id, command.posting_id, command.expected_version
            )
            posting.close(self._clock.now())
            await uow.commit()
            return await own_posting_view(uow, posting)


class TakeDownPostingHandler:
    """Remove any posting from the board for a stated reason (admin)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: TakeDownPosting) -> None:
        async with self._uow() as uow:
            posting = await uow.postings.get(command.posting_id)
            now = self._clock.now()
            posting.take_down(command.reason, now)
            # Taking a posting down answers every report still open about it.
            resolved = await resolve_open_reports(uow, posting.id, now)
            uow.audit.record(
                AuditEntry(
                    command.actor,
                    "take_down_posting",
                    now,
                    AggregateRef("posting", posting.id),
                    reason=command.reason,
                    details={"reports_resolved": resolved} if resolved else {},
                )
            )
            await uow.commit()


class ExpirePostingsHandler:
    """Expire every published posting whose valid_through has passed; answers how many.

    Each posting expires in its own transaction, so one that an employer closes
    at the same moment does not hold the others back. The act is audited once, with the
    count, in a transaction of its own after the last posting's: a sweep cut short by a
    crash leaves expired postings (each with its event) and no entry, never an entry that
    claims more than was done.
    """

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: ExpirePostings) -> int:
        now = self._clock.now()
        expired = 0
        skipped: set[PostingId] = set()
        while True:
            async with self._uow() as uow:
                due = await uow.postings.ids_past_validity(now, command.batch_size + len(skipped))
            due = [posting_id for posting_id in due if posting_id not in skipped]
            if not due:
                # A sweep that expires nothing changed nothing: a cron's idle runs leave
                # no entry.
                if expired:
                    await self._audit(command.actor, now, expired)
                return expired
            for posting_id in due:
                try:
                    async with self._uow() as uow:
                        posting = await uow.postings.get(posting_id)
                        posting.expire(now)
                        await uow.commit()
                    expired += 1
                except (InvalidTransition, ConcurrentModification):
                    # Closed or taken down between our read and our write: nothing to expire.
                    log.info("posting %s changed while expiring; skipped", posting_id)
                    skipped.add(posting_id)

    async def _audit(self, actor: Actor, now: datetime, expired: int) -> None:
        async with self._uow() as uow:
            uow.audit.record(
                AuditEntry(actor, "expire_postings", now, details={"expired": expired})
            )
            await uow.commit()
