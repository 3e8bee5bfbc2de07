"""The plain, frozen answers use cases return. No ORM object ever crosses a port."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar
from uuid import UUID

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CompanyRef:
    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class LocationView:
    country: str
    city: str | None


@dataclass(frozen=True, slots=True)
class PlaceView:
    """A location as its employer wrote it, with the region (state) pay laws look at."""

    country: str
    city: str | None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class WorkingLanguageView:
    language: str
    level: str | None


@dataclass(frozen=True, slots=True)
class ScreeningQuestionView:
    id: str
    text: str
    kind: str
    required: bool
    choices: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PayTransparencyView:
    """A pay-transparency rule covering the posting: what the posting lacks of what it
    asks (field names), and whether the board warns (publishes) or blocks."""

    rule: str
    name: str
    missing: tuple[str, ...]
    policy: str
    satisfied: bool


@dataclass(frozen=True, slots=True)
class SalaryView:
    min: Decimal
    max: Decimal
    currency: str
    period: str


@dataclass(frozen=True, slots=True)
class RequirementView:
    name: str
    kind: str
    importance: str
    min_years: int | None
    detail: str | None


@dataclass(frozen=True, slots=True)
class PostingSummary:
    id: UUID
    title: str
    company: CompanyRef
    language: str
    locations: tuple[LocationView, ...]
    workplace: str
    employment_type: str
    seniority: str | None
    salary: SalaryView | None
    requirements: tuple[str, ...]
    published_at: datetime
    valid_through: datetime


@dataclass(frozen=True, slots=True)
class PostingDetail:
    id: UUID
    title: str
    company: CompanyRef
    language: str
    locations: tuple[LocationView, ...]
    remote_countries: tuple[str, ...]
    workplace: str
    employment_type: str
    seniority: str | None
    salary: SalaryView | None
    description: str
    responsibilities: tuple[str, ...]
    benefits: tuple[str, ...]
    requirements: tuple[RequirementView, ...]
    published_at: datetime
    valid_through: datetime
    company_website: str | None = None
    # {"kind": "url", "url"}, {"kind": "email", "email"} or {"kind": "board"}; None for a
    # posting published before the board asked for one.
    application_method: dict[str, str] | None = None
    visa_sponsorship: str = "unknown"
    relocation_support: str = "unknown"
    working_languages: tuple[WorkingLanguageView, ...] = ()
    benefits_description: str | None = None
    apply_by: date | None = None
    screening_questions: tuple[ScreeningQuestionView, ...] = ()


@dataclass(frozen=True, slots=True)
class CompanyView:
    """A company as its own employer (and admins) see it."""

    id: UUID
    name: str
    slug: str
    website: str | None
    description: str
    country: str
    status: str
    created_at: datetime
    updated_at: datetime
    version: int


@dataclass(frozen=True, slots=True)
class OwnPostingView:
    """A posting as its employer sees it: every status, with its version for If-Match."""

    id: UUID
    company_id: UUID
    status: str
    version: int
    title: str
    description: str
    language: str
    locations: tuple[PlaceView, ...]
    remote_countries: tuple[str, ...]
    workplace: str
    employment_type: str
    seniority: str | None
    salary: SalaryView | None
    responsibilities: tuple[str, ...]
    benefits: tuple[str, ...]
    requirements: tuple[RequirementView, ...]
    published_at: datetime | None
    valid_through: datetime | None
    ended_at: datetime | None
    created_at: datetime
    updated_at: datetime
    application_method: dict[str, str] | None = None
    visa_sponsorship: str = "unknown"
    relocation_support: str = "unknown"
    working_languages: tuple[WorkingLanguageView, ...] = ()
    benefits_description: str | None = None
    apply_by: date | None = None
    screening_questions: tuple[ScreeningQuestionView, ...] = ()
    # The pay-transparency rules covering the posting and what each finds missing: the
    # employer's list of what to add (a publish answers it too).
    pay_transparency: tuple[PayTransparencyView, ...] = ()
    # Where it stands with the moderators: set while in review and once rejected.
    moderation: ModerationView | None = None


@dataclass(frozen=True, slots=True)
class ModerationView:
    """Why a posting waits for an admin (``review_reasons``, since ``submitted_at``), or
    why it was rejected (``rejection_reason``, one of a fixed list, and the admin's note):
    what its employer reads to revise it and publish it again."""

    review_reasons: tuple[str, ...]
    submitted_at: datetime | None
    rejection_reason: str | None
    rejection_note: str | None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    next_cursor: str | None
