"""Moving a posting through its life: publish, close, take down, expire."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from application.audit import Actor, AggregateRef, AuditEntry
from application.commands.own_posting import load_own_posting
from application.owner_views import own_posting_view
from application.ports import Clock, UnitOfWorkFactory
from application.views import OwnPostingView
from domain.errors import ConcurrentModification, InvalidTransition
from domain.ids import CompanyId, PostingId
from domain.pay_transparency import PayTransparencyPolicy

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


class PublishPostingHandler:
    """Put a draft on the public board. Only a verified company that is not suspended may.
    Answers the posting as published, with the verdicts of the pay-transparency rules
    covering it; a rule the board's policy blocks on refuses a posting lacking its facts."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        pay_policy: PayTransparencyPolicy | None = None,
    ) -> None:
        self._uow, self._clock = uow, clock
        self._pay_policy = pay_policy or PayTransparencyPolicy()

    async def __call__(self, command: PublishPosting) -> OwnPostingView:
        async with self._uow() as uow:
            posting = await load_own_posting(
                uow, command.company_id, command.posting_id, command.expected_version
            )
            company = await uow.companies.get(command.company_id)
            posting.publish(
                company, self._clock.now(), command.valid_through, pay_policy=self._pay_policy
            )
            await uow.commit()
            return await own_posting_view(uow, posting, self._pay_policy)


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
            uow.audit.record(
                AuditEntry(
                    command.actor,
                    "take_down_posting",
                    now,
                    AggregateRef("posting", posting.id),
                    reason=command.reason,
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
