"""What an employer sends to write a posting, and how it becomes domain values.

Requirements arrive by name; a name the catalogue does not know is proposed as
a pending entry, so an employer is never blocked by the catalogue's gaps.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar, cast

from application.ports import IdGenerator, UnitOfWork
from domain.application_method import ApplicationKind, ApplicationMethod
from domain.errors import AlreadyExists
from domain.ids import RequirementId
from domain.posting_facts import CefrLevel, Support, WorkingLanguage
from domain.posting_values import (
    Importance,
    Location,
    PostingDetails,
    PostingRequirement,
    SalaryPeriod,
    SalaryRange,
)
from domain.requirement import Requirement, normalise_term
from domain.screening import QuestionKind, ScreeningQuestion

T = TypeVar("T")


class Unset(Enum):
    """Marks a field a patch leaves as it is (None would mean "clear it")."""

    UNSET = "unset"


UNSET = Unset.UNSET


@dataclass(frozen=True, slots=True)
class LocationInput:
    country: str
    city: str | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class WorkingLanguageInput:
    language: str
    level: str | None = None


@dataclass(frozen=True, slots=True)
class ScreeningQuestionInput:
    id: str
    text: str
    kind: str
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SalaryInput:
    min: Decimal
    max: Decimal
    currency: str
    period: str


@dataclass(frozen=True, slots=True)
class RequirementInput:
    name: str
    importance: str = "must"
    min_years: int | None = None
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class ApplicationMethodInput:
    kind: str
    url: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class PostingFields:
    title: str
    description: str
    language: str
    locations: tuple[LocationInput, ...]
    workplace: str
    employment_type: str
    seniority: str | None = None
    salary: SalaryInput | None = None
    responsibilities: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    requirements: tuple[RequirementInput, ...] = ()
    remote_countries: tuple[str, ...] = ()
    application_method: ApplicationMethodInput | None = None
    visa_sponsorship: str = "unknown"
    relocation_support: str = "unknown"
    working_languages: tuple[WorkingLanguageInput, ...] = ()
    benefits_description: str | None = None
    apply_by: date | None = None
    screening_questions: tuple[ScreeningQuestionInput, ...] = ()


@dataclass(frozen=True, slots=True)
class PostingPatch:
    """A revision: only the fields that are set change."""

    title: str | Unset = UNSET
    description: str | Unset = UNSET
    language: str | Unset = UNSET
    locations: tuple[LocationInput, ...] | Unset = UNSET
    workplace: str | Unset = UNSET
    employment_type: str | Unset = UNSET
    seniority: str | Unset | None = UNSET
    salary: SalaryInput | Unset | None = UNSET
    responsibilities: tuple[str, ...] | Unset = UNSET
    benefits: tuple[str, ...] | Unset = UNSET
    requirements: tuple[RequirementInput, ...] | Unset = UNSET
    remote_countries: tuple[str, ...] | Unset = UNSET
    application_method: ApplicationMethodInput | Unset = UNSET
    visa_sponsorship: str | Unset = UNSET
    relocation_support: str | Unset = UNSET
    working_languages: tuple[WorkingLanguageInput, ...] | Unset = UNSET
    benefits_description: str | Unset | None = UNSET
    apply_by: date | Unset | None = UNSET
    screening_questions: tuple[ScreeningQuestionInput, ...] | Unset = UNSET


def _working_languages(given: tuple[WorkingLanguageInput, ...]) -> tuple[WorkingLanguage, ...]:
    # The domain value checks the code and the level and names the field when wrong.
    return tuple(WorkingLanguage(w.language, cast(CefrLevel | None, w.level)) for w in given)


def _screening_questions(
    given: tuple[ScreeningQuestionInput, ...],
) -> tuple[ScreeningQuestion, ...]:
    return tuple(
        ScreeningQuestion(q.id, q.text, cast(QuestionKind, q.kind), q.required, tuple(q.choices))
        for q in given
    )


def _application_method(given: ApplicationMethodInput | None) -> ApplicationMethod | None:
    if given is None:
        return None
    # The domain value checks the kind and names the field when it is wrong.
    return ApplicationMethod(cast(ApplicationKind, given.kind), given.url, given.email)


def _salary(salary: SalaryInput | None) -> SalaryRange | None:
    if salary is None:
        return None
    # The domain value checks the period and names the field when it is wrong.
    return SalaryRange(salary.min, salary.max, salary.currency, cast(SalaryPeriod, salary.period))


def _plain_changes(patch: PostingPatch | PostingFields) -> dict[str, Any]:
    """The fields of a patch that map one to one onto PostingDetails, as domain values."""
    changes: dict[str, Any] = {}
    for name in (
        "title",
        "description",
        "language",
        "workplace",
        "employment_type",
        "seniority",
        "responsibilities",
        "benefits",
        "remote_countries",
        "benefits_description",
        "apply_by",
    ):
        value = getattr(patch, name)
        if value is not UNSET:
            changes[name] = value
    for name in ("visa_sponsorship", "relocation_support"):
        value = getattr(patch, name)
        if value is not UNSET:
            changes[name] = cast(Support, value)
    if patch.working_languages is not UNSET:
        changes["working_languages"] = _working_languages(patch.working_languages)
    if patch.screening_questions is not UNSET:
        changes["screening_questions"] = _screening_questions(patch.screening_questions)
    if patch.locations is not UNSET:
        changes["locations"] = tuple(
            Location(loc.country, loc.city, loc.region) for loc in patch.locations
        )
    if patch.salary is not UNSET:
        changes["salary"] = _salary(patch.salary)
    if patch.application_method is not UNSET:
        changes["application_method"] = _application_method(patch.application_method)
    return changes


async def resolve_requirements(
    uow: UnitOfWork, inputs: tuple[RequirementInput, ...], ids: IdGenerator, now: datetime
) -> tuple[PostingRequirement, ...]:
    """Find each named requirement in the catalogue, proposing the ones it lacks."""
    resolved: list[PostingRequirement] = []
    proposed: dict[str, Requirement] = {}
    for item in inputs:
        term = normalise_term(item.name, field="requirements.name")
        requirement = proposed.get(term) or await uow.requirements.find_by_term(term)
        if requirement is None:
            requirement = Requirement.propose(RequirementId(ids.new_id()), item.name, now)
            uow.requirements.add(requirement)
            proposed[term] = requirement
        resolved.append(
            PostingRequirement(
                requirement.id, cast(Importance, item.importance), item.min_years, item.detail
            )
        )
    return tuple(resolved)


async def new_details(
    uow: UnitOfWork, fields: PostingFields, ids: IdGenerator, now: datetime
) -> PostingDetails:
    requirements = await resolve_requirements(uow, fields.requirements, ids, now)
    return PostingDetails(**_plain_changes(fields), requirements=requirements)


async def patched_details(
    uow: UnitOfWork, current: PostingDetails, patch: PostingPatch, ids: IdGenerator, now: datetime
) -> PostingDetails:
    changes = _plain_changes(patch)
    if patch.requirements is not UNSET:
        changes["requirements"] = await resolve_requirements(uow, patch.requirements, ids, now)
    return replace(current, **changes)


async def retrying_a_catalogue_race(act: Callable[[], Awaitable[T]]) -> T:
    """Run ``act`` (one unit of work) again, once, when a concurrent request proposed the same
    new catalogue entry first and this one lost on the unique name: the second run finds that
    entry instead of proposing it again."""
    try:
        return await act()
    except AlreadyExists:
        return await act()
