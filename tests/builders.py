"""Builders of valid domain objects, shared by every test suite.

Each builder makes a valid object with sensible defaults; pass keyword arguments
to override what the test cares about. Aggregates come back *as if loaded from a
repository*: their history is reflected in ``version`` but the events that built
them have already been pulled, so a test sees only the events of the act under
test. Pass ``keep_events=True`` to keep them.

No pytest here: these are plain functions, usable from any test module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID, uuid4

from application.audit import Actor
from domain.aggregate import Aggregate
from domain.api_key import ApiKey
from domain.application_method import ApplicationMethod
from domain.company import Company, CompanyProfile, CompanyStatus
from domain.ids import ApiKeyId, CompanyId, PostingId, RequirementId
from domain.moderation import RejectionReason, ReviewReason
from domain.posting import Posting, PostingStatus
from domain.posting_values import (
    EmploymentType,
    Importance,
    Location,
    PostingDetails,
    PostingRequirement,
    SalaryPeriod,
    SalaryRange,
    Seniority,
    Workplace,
)
from domain.requirement import Requirement, RequirementKind, RequirementStatus

# Who the tests' admin acts are done by, where a test does not care who: an admin key.
AN_ADMIN = Actor.admin_key(ApiKeyId(UUID(int=0xAD)), "test admin")

A = TypeVar("A", bound=Aggregate[Any])

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)
"""The fixed "current time" of the tests: timezone-aware UTC."""


def later(*, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> datetime:
    """A moment after ``NOW``."""
    return NOW + timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def earlier(
    *, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0
) -> datetime:
    """A moment before ``NOW``."""
    return NOW - timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


# Identifiers


def a_company_id() -> CompanyId:
    return CompanyId(uuid4())


def a_posting_id() -> PostingId:
    return PostingId(uuid4())


def a_requirement_id() -> RequirementId:
    return RequirementId(uuid4())


def an_api_key_id() -> ApiKeyId:
    return ApiKeyId(uuid4())


def _settled(aggregate: A, keep_events: bool) -> A:
    if not keep_events:
        aggregate.pull_events()
    return aggregate


# Company


def a_company_profile(
    *,
    name: str = "Acme Analytics",
    website: str | None = "https://acme.example",
    description: str = "We count things, carefully.",
    country: str = "DE",
) -> CompanyProfile:
    return CompanyProfile(name=name, website=website, description=description, country=country)


def a_company(
    *,
    status: CompanyStatus = CompanyStatus.PENDING,
    suspended_from: CompanyStatus = CompanyStatus.VERIFIED,
    id: CompanyId | None = None,
    profile: CompanyProfile | None = None,
    now: datetime = NOW,
    suspension_reason: str = "fake postings",
    keep_events: bool = False,
) -> Company:
    """A registered company in ``status``.

    A suspended company is suspended from ``suspended_from`` (verified unless told).
    """
    company = Company.register(id or a_company_id(), profile or a_company_profile(), now)
    target = suspended_from if status is CompanyStatus.SUSPENDED else status
    if target is CompanyStatus.VERIFIED:
        company.verify(now)
    if status is CompanyStatus.SUSPENDED:
        company.suspend(suspension_reason, now)
    return _settled(company, keep_events)


def a_verified_company(
    *,
    id: CompanyId | None = None,
    profile: CompanyProfile | None = None,
    now: datetime = NOW,
    keep_events: bool = False,
) -> Company:
    return a_company(
        status=CompanyStatus.VERIFIED, id=id, profile=profile, now=now, keep_events=keep_events
    )


def a_suspended_company(
    *,
    suspended_from: CompanyStatus = CompanyStatus.VERIFIED,
    id: CompanyId | None = None,
    now: datetime = NOW,
    keep_events: bool = False,
) -> Company:
    return a_company(
        status=CompanyStatus.SUSPENDED,
        suspended_from=suspended_from,
        id=id,
        now=now,
        keep_events=keep_events,
    )


# Posting values


def a_location(*, country: str = "DE", city: str | None = "Berlin") -> Location:
    return Location(country=country, city=city)


def a_salary(
    *,
    min: Decimal | int | str = 60_000,
    max: Decimal | int | str = 80_000,
    currency: str = "EUR",
    period: SalaryPeriod = SalaryPeriod.YEAR,
) -> SalaryRange:
    return SalaryRange(min=Decimal(min), max=Decimal(max), currency=currency, period=period)


def a_posting_requirement(
    *,
    requirement_id: RequirementId | None = None,
    importance: Importance = Importance.MUST,
    min_years: int | None = None,
    detail: str | None = None,
) -> PostingRequirement:
    return PostingRequirement(
        requirement_id=requirement_id or a_requirement_id(),
        importance=importance,
        min_years=min_years,
        detail=detail,
    )


APPLY_AT_THE_EMPLOYER = ApplicationMethod.at_url("https://jobs.example.com/apply")


def posting_details(
    *,
    title: str = "Senior Data Engineer",
    description: str = "Build and run our data pipelines.",
    language: str = "en",
    locations: Iterable[Location] | None = None,
    workplace: Workplace = Workplace.ONSITE,
    employment_type: EmploymentType = EmploymentType.FULL_TIME,
    seniority: Seniority | None = Seniority.SENIOR,
    salary: SalaryRange | None = None,
    responsibilities: Iterable[str] = ("Own the ingestion pipeline",),
    benefits: Iterable[str] = ("30 days of holiday",),
    requirements: Iterable[PostingRequirement] = (),
    remote_countries: Iterable[str] = (),
    application_method: ApplicationMethod | None = APPLY_AT_THE_EMPLOYER,
    **facts: Any,
) -> PostingDetails:
    """Valid details of an onsite job in Berlin, applied to at the employer's own page;
    override any field (``facts``: the posting's facts and screening questions, e.g.
    visa_sponsorship, working_languages, apply_by)."""
    return PostingDetails(
        title=title,
        description=description,
        language=language,
        locations=tuple(locations) if locations is not None else (a_location(),),
        workplace=workplace,
        employment_type=employment_type,
        seniority=seniority,
        salary=salary,
        responsibilities=tuple(responsibilities),
        benefits=tuple(benefits),
        requirements=tuple(requirements),
        remote_countries=tuple(remote_countries),
        application_method=application_method,
        **facts,
    )


def remote_posting_details(
    *, remote_countries: Iterable[str] = ("DE", "AT"), title: str = "Remote Backend Developer"
) -> PostingDetails:
    """Valid details of a remote job with no office, open to ``remote_countries``."""
    return posting_details(
        title=title, workplace=Workplace.REMOTE, locations=(), remote_countries=remote_countries
    )


# Posting


def a_draft_posting(
    *,
    company: Company | None = None,
    company_id: CompanyId | None = None,
    details: PostingDetails | None = None,
    id: PostingId | None = None,
    now: datetime = NOW,
    keep_events: bool = False,
) -> Posting:
    """A draft of ``company`` (or of ``company_id``, or of a fresh company id)."""
    owner = company.id if company is not None else company_id or a_company_id()
    posting = Posting.draft(id or a_posting_id(), owner, details or posting_details(), now)
    return _settled(posting, keep_events)


def a_published_posting(
    *,
    company: Company | None = None,
    details: PostingDetails | None = None,
    id: PostingId | None = None,
    now: datetime = NOW,
    valid_through: datetime | None = None,
    keep_events: bool = False,
) -> Posting:
    """A posting of ``company`` (a fresh verified one unless given) published at ``now``."""
    owner = company or a_verified_company(now=now)
    posting = a_draft_posting(company=owner, details=details, id=id, now=now, keep_events=True)
    posting.publish(owner, now, valid_through)
    return _settled(posting, keep_events)


def a_posting(
    status: PostingStatus = PostingStatus.DRAFT,
    *,
    company: Company | None = None,
    details: PostingDetails | None = None,
    id: PostingId | None = None,
    now: datetime = NOW,
    keep_events: bool = False,
) -> Posting:
    """A posting in any ``status``, reached by the ordinary lifecycle.

    Closed and taken-down postings were published first; an expired one was
    published at ``now`` with the default validity and expired when it ran out.
    """
    if status is PostingStatus.DRAFT:
        return a_draft_posting(
            company=company, details=details, id=id, now=now, keep_events=keep_events
        )
    posting = a_published_posting(
        company=company, details=details, id=id, now=now, keep_events=True
    )
    if status is PostingStatus.CLOSED:
        posting.close(now)
    elif status is PostingStatus.EXPIRED:
        assert posting.valid_through is not None
        posting.expire(posting.valid_through)
    elif status is PostingStatus.TAKEN_DOWN:
        posting.take_down("breaks the rules", now)
    elif status is PostingStatus.IN_REVIEW:  # reported past the threshold
        posting.return_to_review((ReviewReason.REPORTED,), now)
    elif status is PostingStatus.REJECTED:
        posting.return_to_review((ReviewReason.REPORTED,), now)
        posting.reject(RejectionReason.MISLEADING, "the salary is not what is paid", now)
    return _settled(posting, keep_events)


# Requirement


def a_requirement(
    *,
    name: str = "PostgreSQL",
    kind: RequirementKind = RequirementKind.SKILL,
    aliases: Iterable[str] = (),
    status: RequirementStatus = RequirementStatus.ACTIVE,
    id: RequirementId | None = None,
    now: datetime = NOW,
    keep_events: bool = False,
) -> Requirement:
    """A catalogue entry: added (active), proposed (pending) or merged into a fresh entry."""
    rid = id or a_requirement_id()
    if status is RequirementStatus.PENDING:
        requirement = Requirement.propose(rid, name, now)
        if aliases:
            requirement.alias(aliases, now)
    else:
        requirement = Requirement.add(rid, name, kind, now, aliases)
    if status is RequirementStatus.MERGED:
        target = Requirement.add(a_requirement_id(), f"{name} (canonical)", kind, now)
        requirement.merge_into(target, now)
    return _settled(requirement, keep_events)


def a_proposed_requirement(
    *, name: str = "Kafka", id: RequirementId | None = None, now: datetime = NOW
) -> Requirement:
    return a_requirement(name=name, status=RequirementStatus.PENDING, id=id, now=now)


# API keys


def an_employer_key(
    *,
    company_id: CompanyId | None = None,
    key_hash: str = "sha256:employer-key-hash",
    id: ApiKeyId | None = None,
    now: datetime = NOW,
    keep_events: bool = False,
) -> ApiKey:
    key = ApiKey.for_company(id or an_api_key_id(), company_id or a_company_id(), key_hash, now)
    return _settled(key, keep_events)


def an_admin_key(
    *,
    key_hash: str = "sha256:admin-key-hash",
    id: ApiKeyId | None = None,
    now: datetime = NOW,
    name: str = "ops on-call",
    keep_events: bool = False,
) -> ApiKey:
    return _settled(ApiKey.for_admin(id or an_api_key_id(), key_hash, now, name), keep_events)
