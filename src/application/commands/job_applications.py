"""Candidates apply to a posting on the board, and may withdraw; employers review."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from application.audit import Actor, AuditEntry
from application.job_application_views import JobApplicationView, job_application_view
from application.ports import Clock, IdGenerator, KeySecrets, UnitOfWorkFactory
from domain.errors import ConcurrentModification, InvalidTransition, NotFound
from domain.ids import CompanyId, JobApplicationId, PostingId
from domain.job_application import Applicant, JobApplication, Submission
from domain.resume import resume_file
from domain.screening import Answer

WITHDRAW_TOKEN_PREFIX = "jbw"

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SubmitApplication:
    posting_id: PostingId
    name: str
    email: str
    consent_to_retention: bool
    phone: str | None = None
    cover_note: str = ""
    resume: bytes | None = None
    resume_declared_type: str | None = None
    resume_text: str | None = None
    # Answers to the posting's screening questions, by question id.
    answers: Mapping[str, Answer] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SubmittedApplication:
    application_id: JobApplicationId
    withdraw_token: str  # shown once; the board keeps only its digest
    retention_days: int


@dataclass(frozen=True, slots=True)
class WithdrawApplication:
    application_id: JobApplicationId
    withdraw_token: str | None


@dataclass(frozen=True, slots=True)
class PurgeApplications:
    batch_size: int = 500
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class MoveApplication:
    company_id: CompanyId
    application_id: JobApplicationId
    status: str


class SubmitApplicationHandler:
    """Apply to a public posting whose application method is the board: one application
    per email address and posting. The answer's withdraw token is shown once."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        secrets: KeySecrets,
        retention_days: int,
    ) -> None:
        self._uow, self._clock, self._ids, self._secrets = uow, clock, ids, secrets
        self._retention_days = retention_days

    async def __call__(self, command: SubmitApplication) -> SubmittedApplication:
        applicant = Applicant(command.name, command.email, command.phone)
        resume = (
            resume_file(command.resume, command.resume_declared_type)
            if command.resume is not None
            else None
        )
        submission = Submission(
            command.cover_note,
            resume,
            command.resume_text,
            command.consent_to_retention,
            self._retention_days,
        )
        token = self._secrets.generate(WITHDRAW_TOKEN_PREFIX)
        now = self._clock.now()
        async with self._uow() as uow:
            posting = await uow.postings.get(command.posting_id)
            company = await uow.companies.get(posting.company_id)
            application = JobApplication.submit(
                JobApplicationId(self._ids.new_id()),
                posting,
                company,
                applicant,
                submission,
                self._secrets.hash(token),
                now,
                command.answers,
            )
            uow.applications.add(application, command.resume)
            await uow.commit()
        return SubmittedApplication(application.id, token, self._retention_days)


class WithdrawApplicationHandler:
    """The candidate, with the token the submission answered, erases the application and
    its résumé. A wrong token is NotFound, as an unknown id is: neither says which."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, secrets: KeySecrets) -> None:
        self._uow, self._clock, self._secrets = uow, clock, secrets

    async def __call__(self, command: WithdrawApplication) -> None:
        missing = NotFound(f"application {command.application_id} not found")
        if not command.withdraw_token:
            raise missing
        digest = self._secrets.hash(command.withdraw_token)
        async with self._uow() as uow:
            application = await uow.applications.get(command.application_id)
            if not hmac.compare_digest(application.withdraw_token_hash, digest):
                raise missing
            application.withdraw(self._clock.now())
            await uow.commit()


class MoveApplicationHandler:
    """The posting's employer moves an application: new -> reviewed -> shortlisted or
    rejected. Another company's application is NotFound."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: MoveApplication) -> JobApplicationView:
        async with self._uow() as uow:
            application = await uow.applications.get(command.application_id)
            if application.company_id != command.company_id:
                raise NotFound(f"application {command.application_id} not found")
            application.move_to(command.status, self._clock.now())
            await uow.commit()
            return job_application_view(application)


class PurgeApplicationsHandler:
    """Erase every application (and its résumé) kept past the retention period its
    candidate consented to; answers how many. Each in its own transaction, as expiry."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: PurgeApplications) -> int:
        now = self._clock.now()
        purged = 0
        skipped: set[JobApplicationId] = set()
        while True:
            async with self._uow() as uow:
                due = await uow.applications.ids_past_retention(
                    now, command.batch_size + len(skipped)
                )
            due = [application_id for application_id in due if application_id not in skipped]
            if not due:
                if purged:  # an idle run is not worth an entry, as with expiry
                    await self._audit(command.actor, now, purged)
                return purged
            for application_id in due:
                try:
                    async with self._uow() as uow:
                        (await uow.applications.get(application_id)).purge(now)
                        await uow.commit()
                    purged += 1
                except (NotFound, InvalidTransition, ConcurrentModification):
                    # Withdrawn or moved meanwhile: the next run sees it again if still due.
                    log.info("application %s changed while purging; skipped", application_id)
                    skipped.add(application_id)

    async def _audit(self, actor: Actor, now: datetime, purged: int) -> None:
        async with self._uow() as uow:
            uow.audit.record(
                AuditEntry(actor, "purge_applications", now, details={"purged": purged})
            )
            await uow.commit()
