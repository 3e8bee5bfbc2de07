"""In-memory fakes of the application's ports, for application-layer tests.

They behave like the PostgreSQL adapters where it matters to a use case:
snapshots instead of shared objects (a rolled-back change leaves no trace),
optimistic version checks, unique slugs, terms and key hashes, and an outbox
that only ever holds the events of committed work. The repository contract
suite runs against them and against PostgreSQL alike.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Generic, Self, TypeVar
from uuid import UUID, uuid4

from application.alerts.ports import AlertIndexEntry
from application.audit import AuditEntry
from application.commands.read_models import Difference, RebuildAudit
from application.queries.audit_log import AuditCursor, AuditFilters, AuditRecord
from application.queries.board_directory import (
    CountryCount,
    LanguageCount,
    PublicCompanyView,
    RequirementCount,
)
from application.queries.company_board import CompanyBoard
from application.queries.moderation import QueueCursor, QueueItem
from application.queries.posting_changes import LoggedChange, LogWindow
from application.queries.public_postings import (
    FacetCount,
    ListedPosting,
    PostingFilters,
    PostingSearch,
    SearchCursor,
)
from application.queries.public_sitemap import SitemapEntry
from application.views import PostingDetail
from domain.aggregate import Aggregate
from domain.alert import Alert, AlertStatus
from domain.api_key import ApiKey
from domain.company import Company
from domain.errors import AlreadyExists, ConcurrentModification, NotFound
from domain.events import DomainEvent
from domain.ids import AlertId, CompanyId, JobApplicationId, PostingId, RequirementId
from domain.job_application import JobApplication
from domain.near_duplicates import AdSignature, SignedPosting
from domain.posting import Posting, PostingStatus
from domain.posting_report import PostingReport
from domain.requirement import Requirement

A = TypeVar("A", bound=Aggregate[Any])


class FixedClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class SequentialIds:
    """Predictable UUIDs, so a failing test names the same ids every run."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def new_id(self) -> UUID:
        return UUID(int=next(self._counter))


class PlainSecrets:
    def generate(self, prefix: str) -> str:
        return f"{prefix}_{uuid4().hex}"

    def hash(self, key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


@dataclass
class InMemoryStore:
    """The committed state the fake units of work share, like a database."""

    companies: dict[UUID, Company] = field(default_factory=dict)
    postings: dict[UUID, Posting] = field(default_factory=dict)
    requirements: dict[UUID, Requirement] = field(default_factory=dict)
    api_keys: dict[UUID, ApiKey] = field(default_factory=dict)
    applications: dict[UUID, JobApplication] = field(default_factory=dict)
    resumes: dict[UUID, bytes] = field(default_factory=dict)
    reports: dict[UUID, PostingReport] = field(default_factory=dict)
    outbox: list[DomainEvent] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)  # committed, in order
    # Near-duplicates: committed signatures, and each company's duplicate-check lock.
    signatures: dict[UUID, SignedPosting] = field(default_factory=dict)
    company_locks: dict[UUID, asyncio.Lock] = field(default_factory=dict)
    # Job alerts, and the anchor keys each was indexed under.
    alerts: dict[UUID, Alert] = field(default_factory=dict)
    alert_keys: dict[UUID, AlertIndexEntry] = field(default_factory=dict)


class _Repository(Generic[A]):
    def __init__(self, committed: dict[UUID, A], seen: dict[UUID, tuple[Aggregate[Any], int]]):
        self._committed = committed
        self._seen = seen

    def add(self, aggregate: A) -> None:
        self._seen[aggregate.id] = (aggregate, -1)  # -1: new, must not exist yet

    async def get(self, aggregate_id: UUID) -> A:
        found = self._load(aggregate_id)
        if found is None:
            raise NotFound(f"{self._label} {aggregate_id} not found")
        return found

    def _load(self, aggregate_id: UUID) -> A | None:
        if aggregate_id in self._seen:
            aggregate: Any = self._seen[aggregate_id][0]
            return aggregate  # type: ignore[no-any-return]
        stored = self._committed.get(aggregate_id)
        if stored is None:
            return None
        loaded = copy.deepcopy(stored)
        self._seen[aggregate_id] = (loaded, loaded.version)
        return loaded

    def _all(self) -> list[A]:
        loaded = [self._load(i) for i in list(self._committed)]
        return [a for a in loaded if a is not None]

    _label = "aggregate"


class FakeCompanyRepository(_Repository[Company]):
    _label = "company"

    async def find_by_slug(self, slug: str) -> Company | None:
        for company in self._committed.values():
            if company.slug == slug:
                return self._load(company.id)
        return None


class FakePostingRepository(_Repository[Posting]):
    _label = "posting"

    async def list_for_company(self, company_id: CompanyId) -> list[Posting]:
        own = [p for p in self._all() if p.company_id == company_id]
        return sorted(own, key=lambda p: (p.created_at, p.id), reverse=True)

    async def ids_past_validity(self, now: datetime, limit: int) -> list[PostingId]:
        due = [
            p
            for p in self._committed.values()
            if p.status is PostingStatus.PUBLISHED and p.is_past_validity(now)
        ]
        due.sort(key=lambda p: (p.valid_through, p.id))
        return [p.id for p in due[:limit]]

    async def count_submitted_for_company(self, company_id: CompanyId, excluding: PostingId) -> int:
        return sum(
            1
            for p in self._committed.values()
            if p.company_id == company_id and p.id != excluding and p.status != "draft"
        )


class FakePostingReportRepository(_Repository[PostingReport]):
    _label = "report"

    async def list_for_posting(self, posting_id: PostingId) -> list[PostingReport]:
        own = [r for r in self._all() if r.posting_id == posting_id]
        return sorted(own, key=lambda r: (r.created_at, r.id))

    async def open_for_posting(self, posting_id: PostingId) -> list[PostingReport]:
        return [r for r in await self.list_for_posting(posting_id) if r.is_open]

    async def count_open(self, posting_id: PostingId) -> int:
        return sum(1 for r in self._committed.values() if r.posting_id == posting_id and r.is_open)


class FakeRequirementRepository(_Repository[Requirement]):
    _label = "requirement"

    async def get_many(self, ids: Iterable[RequirementId]) -> dict[RequirementId, Requirement]:
        found = {i: self._load(i) for i in set(ids)}
        return {i: r for i, r in found.items() if r is not None}

    async def find_by_term(self, term: str) -> Requirement | None:
        for requirement in self._committed.values():
            if term in requirement.terms:
                return self._load(requirement.id)
        return None

    async def known_terms(self) -> dict[str, str]:
        return {t: r.name for r in self._committed.values() for t in r.terms}

    async def merged_into(self, requirement_id: RequirementId) -> list[Requirement]:
        return [r for r in self._all() if r.merged_into == requirement_id]


class FakeApiKeyRepository(_Repository[ApiKey]):
    _label = "api key"

    async def find_by_hash(self, key_hash: str) -> ApiKey | None:
        for key in self._committed.values():
            if key.key_hash == key_hash:
                return self._load(key.id)
        return None

    async def count_live_for_company(self, company_id: CompanyId) -> int:
        return sum(
            1 for k in self._committed.values() if k.company_id == company_id and k.is_active
        )


class FakeAuditLog:
    """A unit of work's audit entries, waiting for its commit."""

    def __init__(self) -> None:
        self.pending: list[AuditEntry] = []

    def record(self, entry: AuditEntry) -> None:
        self.pending.append(entry)


class FakeJobApplicationRepository(_Repository[JobApplication]):
    _label = "application"

    def __init__(
        self,
        committed: dict[UUID, JobApplication],
        seen: dict[UUID, tuple[Aggregate[Any], int]],
        staged_files: dict[UUID, bytes],
        files: dict[UUID, bytes],
    ) -> None:
        super().__init__(committed, seen)
        self.staged_files, self._files = staged_files, files

    def add(self, application: JobApplication, resume: bytes | None = None) -> None:
        super().add(application)
        if resume is not None:
            self.staged_files[application.id] = resume

    async def list_for_posting(
        self,
        posting_id: PostingId,
        before: tuple[datetime, JobApplicationId] | None,
        limit: int,
    ) -> list[JobApplication]:
        found = sorted(
            (a for a in self._committed.values() if a.posting_id == posting_id),
            key=lambda a: (a.submitted_at, a.id),
            reverse=True,
        )
        if before is not None:
            found = [a for a in found if (a.submitted_at, a.id) < before]
        return [self._load(a.id) or a for a in found[:limit]]

    async def resume(self, application_id: JobApplicationId) -> bytes | None:
        return self._files.get(application_id)

    async def ids_past_retention(self, now: datetime, limit: int) -> list[JobApplicationId]:
        due = sorted(
            (a for a in self._committed.values() if a.kept_until <= now),
            key=lambda a: (a.submitted_at, a.id),
        )
        return [a.id for a in due[:limit]]


class FakeNearDuplicateIndex:
    """Signatures by band key, as the PostgreSQL index finds them; a company's lock is an
    asyncio lock held until the unit of work ends."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self.pending: list[SignedPosting] = []
        self._held: asyncio.Lock | None = None

    async def hold_company(self, company_id: CompanyId) -> None:
        if self._held is None:
            lock = self._store.company_locks.setdefault(company_id, asyncio.Lock())
            await lock.acquire()
            self._held = lock

    def release(self) -> None:
        if self._held is not None:
            self._held.release()
            self._held = None

    async def near(self, signature: AdSignature, left_since: datetime) -> list[SignedPosting]:
        keys = set(signature.band_keys())
        found = []
        for signed in self._store.signatures.values():
            posting = self._store.postings.get(signed.posting_id)
            if posting is None or not keys & set(signed.signature.band_keys()):
                continue
            public = posting.status is PostingStatus.PUBLISHED
            if public or (posting.ended_at is not None and posting.ended_at >= left_since):
                found.append(signed)
        return found

    def add(self, posting: SignedPosting, now: datetime) -> None:
        self.pending.append(posting)

    def commit(self) -> None:
        self._store.signatures.update({s.posting_id: s for s in self.pending})
        self.pending.clear()


class FakeAlertRepository(_Repository[Alert]):
    _label = "alert"

    def __init__(
        self,
        committed: dict[UUID, Alert],
        seen: dict[UUID, tuple[Aggregate[Any], int]],
        keys: dict[UUID, AlertIndexEntry],
    ) -> None:
        super().__init__(committed, seen)
        self.keys = keys

    def add(self, alert: Alert, index: AlertIndexEntry | None = None) -> None:
        super().add(alert)
        self.keys[alert.id] = index or AlertIndexEntry(())

    async def by_link_digest(self, digest: str) -> Alert | None:
        for alert in self._committed.values():
            if digest in (alert.confirm_digest, alert.unsubscribe_digest):
                return self._load(alert.id)
        return None

    async def pending_created_before(self, cutoff: datetime, limit: int) -> list[AlertId]:
        due = sorted(
            (
                a
                for a in self._committed.values()
                if a.status is AlertStatus.PENDING and a.created_at <= cutoff
            ),
            key=lambda a: a.created_at,
        )
        return [a.id for a in due[:limit]]


class FakeUnitOfWork:
    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._seen: dict[UUID, tuple[Aggregate[Any], int]] = {}
        self.companies = FakeCompanyRepository(store.companies, self._seen)
        self.postings = FakePostingRepository(store.postings, self._seen)
        self.requirements = FakeRequirementRepository(store.requirements, self._seen)
        self.api_keys = FakeApiKeyRepository(store.api_keys, self._seen)
        self.audit = FakeAuditLog()
        self._staged_files: dict[UUID, bytes] = {}
        self.applications = FakeJobApplicationRepository(
            store.applications, self._seen, self._staged_files, store.resumes
        )
        self.reports = FakePostingReportRepository(store.reports, self._seen)
        self.alerts = FakeAlertRepository(store.alerts, self._seen, store.alert_keys)
        self.committed = False
        self.near_duplicates = FakeNearDuplicateIndex(store)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._seen.clear()  # whatever was not committed is gone
        self.audit.pending.clear()
        self.near_duplicates.pending.clear()
        self.near_duplicates.release()

    def _table(self, aggregate: Aggregate[Any]) -> dict[UUID, Any]:
        tables: dict[type, dict[UUID, Any]] = {
            Company: self._store.companies,
            Posting: self._store.postings,
            Requirement: self._store.requirements,
            ApiKey: self._store.api_keys,
            JobApplication: self._store.applications,
            PostingReport: self._store.reports,
            Alert: self._store.alerts,
        }
        return tables[type(aggregate)]

    async def commit(self) -> None:
        changed = [(a, v) for a, v in self._seen.values() if a.pending_events or v == -1]
        # Check everything first, then apply: a commit is all or nothing.
        after: dict[UUID, Any] = {}
        for aggregate, loaded in changed:
            table = self._table(aggregate)
            stored = table.get(aggregate.id)
            if loaded == -1 and stored is not None:
                raise AlreadyExists(f"{aggregate!r} already exists")
            if loaded != -1 and (stored is None or stored.version != loaded):
                raise ConcurrentModification(f"{aggregate!r} was changed by another writer")
            after[aggregate.id] = aggregate
        self._check_unique(after)
        for aggregate, _ in changed:
            events = aggregate.pull_events()
            if isinstance(aggregate, JobApplication) and aggregate.withdrawn:
                self._store.applications.pop(aggregate.id, None)  # erased, with its file
                self._store.resumes.pop(aggregate.id, None)
            else:
                self._table(aggregate)[aggregate.id] = copy.deepcopy(aggregate)
                if aggregate.id in self._staged_files:
                    self._store.resumes[aggregate.id] = self._staged_files.pop(aggregate.id)
            self._store.outbox.extend(events)
            self._seen[aggregate.id] = (aggregate, aggregate.version)
        self._store.audit.extend(self.audit.pending)
        self.audit.pending.clear()
        self.near_duplicates.commit()
        self.committed = True

    def _check_unique(self, after: dict[UUID, Any]) -> None:
        companies = {**self._store.companies}
        companies.update({i: a for i, a in after.items() if isinstance(a, Company)})
        slugs = [c.slug for c in companies.values()]
        if len(slugs) != len(set(slugs)):
            raise AlreadyExists("a company with this name already exists", field="name")
        requirements = {**self._store.requirements}
        requirements.update({i: a for i, a in after.items() if isinstance(a, Requirement)})
        terms = [t for r in requirements.values() for t in r.terms]
        if len(terms) != len(set(terms)):
            raise AlreadyExists("the catalogue already has an entry by this name", field="name")
        keys = {**self._store.api_keys}
        keys.update({i: a for i, a in after.items() if isinstance(a, ApiKey)})
        hashes = [k.key_hash for k in keys.values()]
        if len(hashes) != len(set(hashes)):
            raise AlreadyExists("an API key with this hash already exists")
        applications = {**self._store.applications}
        applications.update({i: a for i, a in after.items() if isinstance(a, JobApplication)})
        senders = [(a.posting_id, a.applicant.email_key) for a in applications.values()]
        if len(senders) != len(set(senders)):
            raise AlreadyExists("an application from this address exists", field="email")
        reports = {**self._store.reports}
        reports.update({i: a for i, a in after.items() if isinstance(a, PostingReport)})
        reporters = [(r.posting_id, r.reporter_hash) for r in reports.values()]
        if len(reporters) != len(set(reporters)):
            raise AlreadyExists("a report of this posting was already sent from this address")


class FakeUnitOfWorkFactory:
    def __init__(self, store: InMemoryStore | None = None) -> None:
        self.store = store or InMemoryStore()

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.store)


# The read side's ports


@dataclass
class FakePublicPostingReader:
    """Answers with the rows it was given (at most ``limit`` of them) and notes every call."""

    rows: list[ListedPosting] = field(default_factory=list)
    details: dict[UUID, PostingDetail] = field(default_factory=dict)
    newest_calls: list[tuple[PostingFilters, datetime, SearchCursor | None, int]] = field(
        default_factory=list
    )
    detail_calls: list[tuple[UUID, datetime]] = field(default_factory=list)

    async def search(self, search: PostingSearch, now: datetime) -> list[ListedPosting]:
        self.newest_calls.append((search.filters, now, search.after, search.limit))
        return self.rows[: search.limit]

    async def facets(
        self, filters: PostingFilters, groups: tuple[str, ...], now: datetime
    ) -> dict[str, tuple[FacetCount, ...]]:
        return dict.fromkeys(groups, ())

    async def search_with_facets(
        self, search: PostingSearch, groups: tuple[str, ...], now: datetime
    ) -> tuple[list[ListedPosting], dict[str, tuple[FacetCount, ...]]]:
        return await self.search(search, now), await self.facets(search.filters, groups, now)

    async def detail(self, posting_id: UUID, now: datetime) -> PostingDetail | None:
        self.detail_calls.append((posting_id, now))
        return self.details.get(posting_id)


@dataclass
class FakeBoardDirectory:
    """An empty public board: no companies, countries, languages or catalogue entries."""

    async def company(self, slug: str, now: datetime) -> PublicCompanyView | None:
        return None

    async def countries(self, language: str | None, now: datetime) -> list[CountryCount]:
        return []

    async def languages(self, now: datetime) -> list[LanguageCount]:
        return []

    async def requirements(
        self, prefix: str | None, kind: str | None, limit: int, now: datetime
    ) -> list[RequirementCount]:
        return []


@dataclass
class FakeSitemap:
    """Public postings for a sitemap, as a list kept in id order."""

    entries: list[SitemapEntry] = field(default_factory=list)

    async def count(self, now: datetime) -> int:
        return len(self.entries)

    async def page(self, offset: int, limit: int, now: datetime) -> list[SitemapEntry]:
        ordered = sorted(self.entries, key=lambda entry: entry.posting_id)
        return ordered[offset : offset + limit]


@dataclass
class FakeChangeLog:
    """A change log as a list, in log order, with the horizon a purge left."""

    entries: list[LoggedChange] = field(default_factory=list)
    horizon: int = 0

    async def window(self) -> LogWindow:
        head = max([self.horizon, *(e.position for e in self.entries)])
        return LogWindow(self.horizon, head)

    async def after(self, position: int, limit: int) -> list[LoggedChange]:
        return [e for e in self.entries if e.position > position][:limit]


@dataclass
class FakeCompanyBoards:
    """Company boards by slug; a slug not held is not a public company."""

    boards: dict[str, CompanyBoard] = field(default_factory=dict)

    async def board(self, slug: str, limit: int, now: datetime) -> CompanyBoard | None:
        found = self.boards.get(slug)
        if found is None:
            return None
        return CompanyBoard(found.company, found.postings[:limit])


@dataclass
class FakeMaintenance:
    """Rebuilds nothing; a rebuild's audit entry is committed to ``store`` (when given),
    as the PostgreSQL one writes it in the rebuild's transaction."""

    rows: dict[str, int] = field(default_factory=dict)
    found: list[Difference] = field(default_factory=list)
    rebuilds: int = 0
    store: InMemoryStore | None = None

    async def rebuild(self, audit: RebuildAudit) -> dict[str, int]:
        self.rebuilds += 1
        entry = audit(dict(self.rows))
        if self.store is not None:
            self.store.audit.append(entry)
        return self.rows

    async def differences(self) -> list[Difference]:
        return list(self.found)


@dataclass
class FakeAuditReader:
    """The committed audit entries of ``store``, filtered and paged as the PostgreSQL
    reader does (an entry's seq is its place in the store, from 1)."""

    store: InMemoryStore

    async def page(
        self, filters: AuditFilters, after: AuditCursor | None, limit: int
    ) -> list[AuditRecord]:
        records = [AuditRecord(n, e) for n, e in enumerate(self.store.audit, start=1)]
        found = [r for r in records if _matches(r, filters, after)]
        found.sort(key=lambda r: (r.entry.recorded_at, r.seq), reverse=True)
        return found[:limit]


def _matches(record: AuditRecord, filters: AuditFilters, after: AuditCursor | None) -> bool:
    entry = record.entry
    aggregate = entry.aggregate
    checks = (
        filters.actor_kind is None or entry.actor.kind is filters.actor_kind,
        filters.actor_id is None or entry.actor.id == filters.actor_id,
        filters.aggregate_type is None
        or (aggregate is not None and aggregate.type == filters.aggregate_type),
        filters.aggregate_id is None
        or (aggregate is not None and aggregate.id == filters.aggregate_id),
        filters.since is None or entry.recorded_at >= filters.since,
        filters.until is None or entry.recorded_at < filters.until,
        after is None or (entry.recorded_at, record.seq) < (after.recorded_at, after.seq),
    )
    return all(checks)


class FakeModerationQueue:
    """The postings in review in the store, oldest submission first."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store

    async def page(self, after: QueueCursor | None, limit: int) -> list[QueueItem]:
        waiting = sorted(
            (
                p
                for p in self._store.postings.values()
                if p.status is PostingStatus.IN_REVIEW and p.review.submitted_at is not None
            ),
            key=lambda p: (p.review.submitted_at, p.id),
        )
        items = [
            QueueItem(
                p.id,
                p.company_id,
                self._store.companies[p.company_id].profile.name,
                p.details.title,
                tuple(r.value for r in p.review.reasons),
                p.review.submitted_at,
                sum(1 for r in self._store.reports.values() if r.posting_id == p.id and r.is_open),
                p.version,
            )
            for p in waiting
            if p.review.submitted_at is not None
        ]
        if after is not None:
            items = [
                i
                for i in items
                if (i.submitted_at, i.posting_id) > (after.submitted_at, after.posting_id)
            ]
        return items[:limit]
