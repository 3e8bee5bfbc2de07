"""Ports: what the use cases need from the outside world, as Protocols.

Adapters implement them (PostgreSQL, system clock, ...); tests implement them
with in-memory fakes. Repositories never commit: the unit of work does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self
from uuid import UUID

from application.alerts.ports import AlertRepository
from application.audit import AuditLog
from domain.api_key import ApiKey
from domain.company import Company
from domain.ids import (
    ApiKeyId,
    CompanyId,
    JobApplicationId,
    PostingId,
    PostingReportId,
    RequirementId,
)
from domain.job_application import JobApplication
from domain.moderation import ReviewReason
from domain.near_duplicates import AdSignature, SignedPosting
from domain.posting import Posting
from domain.posting_report import PostingReport
from domain.requirement import Requirement


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class IdGenerator(Protocol):
    def new_id(self) -> UUID: ...


class KeySecrets(Protocol):
    """Makes API key secrets and the one-way hashes that are all the board keeps."""

    def generate(self, prefix: str) -> str: ...

    def hash(self, key: str) -> str: ...


class CompanyRepository(Protocol):
    def add(self, company: Company) -> None: ...

    async def get(self, company_id: CompanyId) -> Company:
        """The company, or NotFound."""
        ...

    async def find_by_slug(self, slug: str) -> Company | None:
        """The company whose slug is exactly ``slug``, or None."""
        ...


class PostingRepository(Protocol):
    def add(self, posting: Posting) -> None: ...

    async def get(self, posting_id: PostingId) -> Posting:
        """The posting, or NotFound."""
        ...

    async def list_for_company(self, company_id: CompanyId) -> list[Posting]:
        """Every posting of the company, newest first."""
        ...

    async def ids_past_validity(self, now: datetime, limit: int) -> list[PostingId]:
        """Published postings whose valid_through is at or before ``now``."""
        ...

    async def count_submitted_for_company(self, company_id: CompanyId, excluding: PostingId) -> int:
        """How many of the company's postings, bar ``excluding``, were ever published or
        submitted for review (every status but draft), as committed."""
        ...


class RequirementRepository(Protocol):
    def add(self, requirement: Requirement) -> None: ...

    async def get(self, requirement_id: RequirementId) -> Requirement:
        """The requirement, or NotFound."""
        ...

    async def get_many(self, ids: Iterable[RequirementId]) -> dict[RequirementId, Requirement]:
        """The requirements that exist among ``ids``."""
        ...

    async def find_by_term(self, term: str) -> Requirement | None:
        """The live entry answering to a normalised name or alias."""
        ...

    async def merged_into(self, requirement_id: RequirementId) -> list[Requirement]:
        """Entries that were merged into the given one."""
        ...

    async def known_terms(self) -> dict[str, str]:
        """Every term (normalised name or alias) of a live entry, mapped to its name."""
        ...


class ApiKeyRepository(Protocol):
    def add(self, key: ApiKey) -> None: ...

    async def get(self, key_id: ApiKeyId) -> ApiKey:
        """The key, or NotFound."""
        ...

    async def find_by_hash(self, key_hash: str) -> ApiKey | None: ...

    async def count_live_for_company(self, company_id: CompanyId) -> int:
        """How many of the company's keys are not revoked, as committed."""
        ...


class JobApplicationRepository(Protocol):
    def add(self, application: JobApplication, resume: bytes | None) -> None:
        """Stage a new application and its résumé's bytes (saved in the same transaction)."""
        ...

    async def get(self, application_id: JobApplicationId) -> JobApplication:
        """The application, or NotFound."""
        ...

    async def list_for_posting(
        self,
        posting_id: PostingId,
        before: tuple[datetime, JobApplicationId] | None,
        limit: int,
    ) -> list[JobApplication]:
        """The posting's applications newest first, those submitted before ``before``
        (submitted_at, id) when given."""
        ...

    async def resume(self, application_id: JobApplicationId) -> bytes | None:
        """The bytes of the application's résumé file, None when it has none."""
        ...

    async def ids_past_retention(self, now: datetime, limit: int) -> list[JobApplicationId]:
        """Applications submitted at least their retention_days before ``now``."""
        ...


class PostingReportRepository(Protocol):
    def add(self, report: PostingReport) -> None: ...

    async def get(self, report_id: PostingReportId) -> PostingReport:
        """The report, or NotFound."""
        ...

    async def list_for_posting(self, posting_id: PostingId) -> list[PostingReport]:
        """Every report of the posting, oldest first."""
        ...

    async def open_for_posting(self, posting_id: PostingId) -> list[PostingReport]:
        """The posting's open reports, oldest first."""
        ...

    async def count_open(self, posting_id: PostingId) -> int:
        """How many of the posting's reports are open, as committed."""
        ...


class ReporterHashes(Protocol):
    """A keyed one-way hash of a reporter's address: what the board keeps to allow one
    report per address and posting (never the address)."""

    def hash(self, address: str) -> str: ...


class NearDuplicateIndex(Protocol):
    """The near-duplicate signatures of the postings that are public, or left the board
    within the repost window, found by their LSH band keys (never by reading them all)."""

    async def hold_company(self, company_id: CompanyId) -> None:
        """Wait until no other unit of work checks this company's postings, and keep it so
        until this unit of work ends (committed or not)."""
        ...

    async def near(self, signature: AdSignature, left_since: datetime) -> list[SignedPosting]:
        """The postings sharing at least one band key with ``signature`` that are public,
        or left the board (closed, expired, taken down) at or after ``left_since``."""
        ...

    def add(self, posting: SignedPosting, now: datetime) -> None:
        """Keep the signature of a posting going public, saved with the unit of work."""
        ...


class UnitOfWork(Protocol):
    """One business transaction.

    Everything added or loaded through its repositories is saved on ``commit``,
    together with the events the aggregates recorded and the audit entries recorded,
    atomically. Leaving the
    block without committing rolls everything back.
    """

    @property
    def companies(self) -> CompanyRepository: ...

    @property
    def postings(self) -> PostingRepository: ...

    @property
    def requirements(self) -> RequirementRepository: ...

    @property
    def api_keys(self) -> ApiKeyRepository: ...

    @property
    def audit(self) -> AuditLog:
        """The admin acts of this transaction, written with it (append-only)."""
        ...

    @property
    def applications(self) -> JobApplicationRepository: ...

    @property
    def reports(self) -> PostingReportRepository: ...

    @property
    def near_duplicates(self) -> NearDuplicateIndex:
        """The signatures of recent postings, for the duplicate check at publish."""
        ...

    # Job alerts (issue 20 item 3).
    @property
    def alerts(self) -> AlertRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class PublishScreen(Protocol):
    """A check run at publish, beside the moderation policy: the reasons (none: nothing
    found) for which the posting must wait for an admin's review. The duplicate check is
    one (a copy of another company's ad: ReviewReason.POSSIBLE_CLONE). It runs inside the
    publish's unit of work and must not change anything."""

    async def __call__(self, uow: UnitOfWork, posting: Posting) -> Sequence[ReviewReason]: ...
