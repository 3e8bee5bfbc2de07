"""Request bodies as pydantic models: the HTTP contract's field names and shapes.

Business rules (codes, lengths, min <= max) are checked by the domain, which
names the field; these models check only that the JSON has the right shape.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from adapters.http.problems import Problem
from application.commands.posting_input import (
    UNSET,
    ApplicationMethodInput,
    LocationInput,
    PostingFields,
    PostingPatch,
    RequirementInput,
    SalaryInput,
)

Line = Annotated[str, Field(max_length=1_000)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
Country = Annotated[str, Field(min_length=2, max_length=2)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(min_length=1, max_length=50_000)]
Code = Annotated[str, Field(max_length=16)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CompanySignup(Body):
    name: Title
    country: Country
    website: Annotated[str, Field(max_length=500)] | None = None
    description: Annotated[str, Field(max_length=10_000)] = ""


class CompanyPatch(Body):
    name: Title | None = None
    country: Country | None = None
    website: Annotated[str, Field(max_length=500)] | None = None
    description: Annotated[str, Field(max_length=10_000)] | None = None


class LocationBody(Body):
    country: Country
    city: Annotated[str, Field(max_length=120)] | None = None


class SalaryBody(Body):
    min: Annotated[Decimal, Field(gt=0, allow_inf_nan=False, max_digits=16, decimal_places=2)]
    max: Annotated[Decimal, Field(gt=0, allow_inf_nan=False, max_digits=16, decimal_places=2)]
    currency: Annotated[str, Field(min_length=3, max_length=3)]
    period: Annotated[str, Field(max_length=8)] = "year"


class RequirementBody(Body):
    name: Name
    importance: Annotated[str, Field(max_length=8)] = "must"
    min_years: Annotated[int, Field(ge=0, le=50)] | None = None
    detail: Annotated[str, Field(max_length=500)] | None = None


class ApplicationMethodBody(Body):
    """How candidates apply: ``{"kind": "url", "url"}``, ``{"kind": "email", "email"}`` or
    ``{"kind": "board"}``. Required to publish."""

    kind: Code
    url: Annotated[str, Field(max_length=500)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None

    def to_input(self) -> ApplicationMethodInput:
        return ApplicationMethodInput(self.kind, self.url, self.email)


class PostingBody(Body):
    title: Title
    description: Description
    language: Country
    locations: Annotated[list[LocationBody], Field(max_length=50)] = []
    workplace: Code
    employment_type: Code
    seniority: Code | None = None
    salary: SalaryBody | None = None
    responsibilities: Annotated[list[Line], Field(max_length=50)] = []
    benefits: Annotated[list[Line], Field(max_length=50)] = []
    requirements: Annotated[list[RequirementBody], Field(max_length=100)] = []
    remote_countries: Annotated[list[Country], Field(max_length=250)] = []
    application_method: ApplicationMethodBody | None = None

    def to_fields(self) -> PostingFields:
        return PostingFields(
            title=self.title,
            description=self.description,
            language=self.language,
            locations=_locations(self.locations),
            workplace=self.workplace,
            employment_type=self.employment_type,
            seniority=self.seniority,
            salary=_salary(self.salary),
            responsibilities=tuple(self.responsibilities),
            benefits=tuple(self.benefits),
            requirements=_requirements(self.requirements),
            remote_countries=tuple(self.remote_countries),
            application_method=_application_method(self.application_method),
        )


class PostingPatchBody(Body):
    """Any subset of a posting's fields; the ones left out keep their value."""

    title: Title | None = None
    description: Description | None = None
    language: Country | None = None
    locations: Annotated[list[LocationBody], Field(max_length=50)] | None = None
    workplace: Code | None = None
    employment_type: Code | None = None
    seniority: Code | None = None
    salary: SalaryBody | None = None
    responsibilities: Annotated[list[Line], Field(max_length=50)] | None = None
    benefits: Annotated[list[Line], Field(max_length=50)] | None = None
    requirements: Annotated[list[RequirementBody], Field(max_length=100)] | None = None
    remote_countries: Annotated[list[Country], Field(max_length=250)] | None = None
    application_method: ApplicationMethodBody | None = None

    def to_patch(self) -> PostingPatch:
        given = self.model_fields_set
        for name in sorted(given - {"seniority", "salary"}):
            if getattr(self, name) is None:  # only these two may be cleared
                raise Problem(
                    "validation-failed",
                    f"{name} cannot be null",
                    [{"field": name, "message": "cannot be null"}],
                )

        def pick(name: str, convert: Callable[[Any], Any] = lambda v: v) -> Any:
            return convert(getattr(self, name)) if name in given else UNSET

        return PostingPatch(
            title=pick("title"),
            description=pick("description"),
            language=pick("language"),
            locations=pick("locations", _locations),
            workplace=pick("workplace"),
            employment_type=pick("employment_type"),
            seniority=pick("seniority"),
            salary=pick("salary", _salary),
            responsibilities=pick("responsibilities", tuple),
            benefits=pick("benefits", tuple),
            requirements=pick("requirements", _requirements),
            remote_countries=pick("remote_countries", tuple),
            application_method=pick("application_method", _application_method),
        )


class PublishBody(Body):
    valid_through: datetime | None = None


class ReasonBody(Body):
    reason: Annotated[str, Field(min_length=1, max_length=1_000)]


class RequirementCreateBody(Body):
    name: Name
    kind: Code
    aliases: Annotated[list[Name], Field(max_length=50)] = []


class RequirementRenameBody(Body):
    name: Name


class RequirementAliasBody(Body):
    aliases: Annotated[list[Name], Field(min_length=1, max_length=50)]


class MergeBody(Body):
    into: UUID


def _locations(items: list[LocationBody]) -> tuple[LocationInput, ...]:
    return tuple(LocationInput(i.country, i.city) for i in items)


def _application_method(body: ApplicationMethodBody | None) -> ApplicationMethodInput | None:
    return body.to_input() if body is not None else None


def _salary(salary: SalaryBody | None) -> SalaryInput | None:
    if salary is None:
        return None
    return SalaryInput(salary.min, salary.max, salary.currency, salary.period)


def _requirements(items: list[RequirementBody]) -> tuple[RequirementInput, ...]:
    return tuple(RequirementInput(i.name, i.importance, i.min_years, i.detail) for i in items)
