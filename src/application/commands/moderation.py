"""Moderation: what the policy and the screens say at publish, an admin's approval or
rejection of a posting in review, candidates' reports of public postings, and an admin's
dismissal of a report. Every admin act is audited in the transaction of its change."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from application.audit import Actor, AggregateRef, AuditEntry
from application.ports import (
    Clock,
    IdGenerator,
    PublishScreen,
    ReporterHashes,
    UnitOfWork,
    UnitOfWorkFactory,
)
from domain.company import Company
from domain.errors import ConcurrentModification, InvalidTransition, NotFound
from domain.guards import member
from domain.ids import PostingId, PostingReportId
from domain.moderation import ModerationPolicy, RejectionReason, ReviewReason
from domain.posting import Posting, PostingStatus
from domain.posting_report import PostingReport, ReportReason

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Moderation:
    """The policy and the other screens a publish passes (the container's tuple)."""

    policy: ModerationPolicy = field(default_factory=ModerationPolicy)
    screens: tuple[PublishScreen, ...] = ()

    async def reasons_at_publish(
        self, uow: UnitOfWork, company: Company, posting: Posting, now: datetime
    ) -> tuple[ReviewReason, ...]:
        """Why this publish must wait for an admin (none: it goes public)."""
        earlier = await uow.postings.count_submitted_for_company(company.id, posting.id)
        open_reports = await uow.reports.count_open(posting.id)
        reasons: list[ReviewReason] = list(
            self.policy.reasons_at_publish(
                company,
                earlier_submissions=earlier,
                open_reports=open_reports,
                was_rejected=posting.status is PostingStatus.REJECTED,
                now=now,
            )
        )
        for screen in self.screens:
            reasons.extend(await screen(uow, posting))
        return tuple(dict.fromkeys(reasons))


@dataclass(frozen=True, slots=True)
class ApprovePosting:
    posting_id: PostingId
    actor: Actor = field(kw_only=True)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RejectPosting:
    posting_id: PostingId
    reason: str  # a RejectionReason code
    note: str
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class ReportPosting:
    """A candidate's report; ``address`` is the caller's, hashed before it is kept."""

    posting_id: PostingId
    reason: str  # a ReportReason code
    note: str | None
    address: str


@dataclass(frozen=True, slots=True)
class DismissReport:
    report_id: PostingReportId
    actor: Actor = field(kw_only=True)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class FiledReport:
    id: PostingReportId
    posting_id: PostingId
    reason: str
    status: str


class ApprovePostingHandler:
    """An admin lets a posting in review go public. Its open reports, which the admin has
    now looked at, are dismissed with it (else the next report would send it straight
    back)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: ApprovePosting) -> Posting:
        async with self._uow() as uow:
            posting = await uow.postings.get(command.posting_id)
            company = await uow.companies.get(posting.company_id)
            now = self._clock.now()
            reasons = ",".join(r.value for r in posting.review.reasons)
            posting.approve(company, now)
            dismissed = 0
            for report in await uow.reports.open_for_posting(posting.id):
                report.dismiss(now)
                dismissed += 1
            uow.audit.record(
                AuditEntry(
                    command.actor,
                    "approve_posting",
                    now,
                    AggregateRef("posting", posting.id),
                    reason=command.note,
                    details={"review_reasons": reasons, "reports_dismissed": dismissed},
                )
            )
            await uow.commit()
            return posting


class RejectPostingHandler:
    """An admin refuses a posting in review, for a reason from the fixed list and a note
    its employer reads."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: RejectPosting) -> Posting:
        reason = member(RejectionReason, command.reason, field="reason")
        async with self._uow() as uow:
            posting = await uow.postings.get(command.posting_id)
            now = self._clock.now()
            posting.reject(reason, command.note, now)
            uow.audit.record(
                AuditEntry(
                    command.actor,
                    "reject_posting",
                    now,
                    AggregateRef("posting", posting.id),
                    reason=posting.review.rejection_note,
                    details={"rejection_reason": reason.value},
                )
            )
            await uow.commit()
            return posting


class ReportPostingHandler:
    """A candidate reports a public posting: one report per address and posting (a second
    is AlreadyExists). When the posting's open reports reach the policy's threshold it
    goes back to review, off the public board.

    The threshold is checked after the report commits, in a transaction of its own, on
    what is committed: of two reports committed at once, the later one's check counts
    both, so the posting cannot stay public past the threshold because two reports raced.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        hashes: ReporterHashes,
        policy: ModerationPolicy,
    ) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._hashes, self._policy = hashes, policy

    async def __call__(self, command: ReportPosting) -> FiledReport:
        reason = member(ReportReason, command.reason, field="reason")
        now = self._clock.now()
        async with self._uow() as uow:
            posting = await _public_posting(uow, command.posting_id, now)
            report = PostingReport.file(
                PostingReportId(self._ids.new_id()),
                posting,
                reason,
                command.note,
                self._hashes.hash(command.address),
                now,
            )
            uow.reports.add(report)
            await uow.commit()
        await self._check_threshold(posting.id)
        return FiledReport(report.id, posting.id, reason.value, report.status.value)

    async def _check_threshold(self, posting_id: PostingId) -> None:
        for _ in range(3):  # a concurrent change of the posting: read it again
            try:
                async with self._uow() as uow:
                    posting = await uow.postings.get(posting_id)
                    if posting.status is not PostingStatus.PUBLISHED:
                        return
                    if not self._policy.too_many_reports(await uow.reports.count_open(posting_id)):
                        return
                    posting.return_to_review((ReviewReason.REPORTED,), self._clock.now())
                    await uow.commit()
                    return
            except (ConcurrentModification, InvalidTransition):
                log.info("posting %s changed while checking its reports; again", posting_id)


async def _public_posting(uow: UnitOfWork, posting_id: PostingId, now: datetime) -> Posting:
    """The posting if candidates can see it; NotFound as for any posting they cannot."""
    missing = NotFound(f"posting {posting_id} not found")
    try:
        posting = await uow.postings.get(posting_id)
    except NotFound:
        raise missing from None
    if posting.status is not PostingStatus.PUBLISHED or posting.is_past_validity(now):
        raise missing
    company = await uow.companies.get(posting.company_id)
    if not company.can_publish:
        raise missing
    return posting


class DismissReportHandler:
    """An admin finds nothing wrong in a report; it is closed (the posting is untouched)."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: DismissReport) -> PostingReport:
        async with self._uow() as uow:
            report = await uow.reports.get(command.report_id)
            now = self._clock.now()
            report.dismiss(now)
            uow.audit.record(
                AuditEntry(
                    command.actor,
                    "dismiss_report",
                    now,
                    AggregateRef("posting_report", report.id),
                    reason=command.note,
                    details={"posting_id": str(report.posting_id)},
                )
            )
            await uow.commit()
            return report


async def resolve_open_reports(uow: UnitOfWork, posting_id: PostingId, now: datetime) -> int:
    """Resolve every open report of a posting taken down; answers how many."""
    reports: Sequence[PostingReport] = await uow.reports.open_for_posting(posting_id)
    for report in reports:
        report.resolve(now)
    return len(reports)
