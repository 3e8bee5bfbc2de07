"""Request bodies as pydantic models: the HTTP contract's field names and shapes.

Business rules (codes, lengths, min <= max) are checked by the domain, which
names the field; these models check only that the JSON has the right shape.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Self
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from adapters.http.body_errors import body_invalid
from adapters.http.problems import Problem
from application.commands.posting_input import (
    UNSET,
    ApplicationMethodInput,
    LocationInput,
    PostingFields,
    PostingPatch,
    RequirementInput,
    SalaryInput,
    ScreeningQuestionInput,
    WorkingLanguageInput,
)
from domain.application_method import ApplicationKind
from domain.iso_codes import COUNTRIES, CURRENCIES, LANGUAGES
from domain.posting_facts import CefrLevel, Support
from domain.posting_values import EmploymentType, Importance, SalaryPeriod, Seniority, Workplace
from domain.requirement import RequirementKind
from domain.screening import MAX_CHOICE_TEXT, MAX_CHOICES, MAX_QUESTION_TEXT, QuestionKind


def _one_of(codes: frozenset[str], case: Callable[[str], str], what: str) -> Callable[[str], str]:
    """A code in any case, answered in the case the board keeps; anything else an error."""

    def check(value: str) -> str:
        code = case(value)
        if code not in codes:
            raise PydanticCustomError("code", "must be {what}", {"what": what})
        return code

    return check


def _codes(codes: frozenset[str]) -> Any:
    # Written into the document as an enum, so generated clients offer the codes.
    allowed: list[JsonValue] = [*sorted(codes)]
    return Field(json_schema_extra={"enum": allowed})


def _code_list(codes: frozenset[str], max_length: int) -> Any:
    """A list of codes: the document's ``items`` carry the enum (Litestar drops the items'
    own metadata)."""
    items: JsonValue = {"type": "string", "enum": [*sorted(codes)]}
    return Field(max_length=max_length, json_schema_extra={"items": items})


Line = Annotated[str, Field(max_length=1_000)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
Country = Annotated[
    str,
    AfterValidator(_one_of(COUNTRIES, str.upper, "an ISO 3166-1 alpha-2 code")),
    _codes(COUNTRIES),
]
Language = Annotated[
    str, AfterValidator(_one_of(LANGUAGES, str.lower, "an ISO 639-1 code")), _codes(LANGUAGES)
]
Currency = Annotated[
    str, AfterValidator(_one_of(CURRENCIES, str.upper, "an ISO 4217 code")), _codes(CURRENCIES)
]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(min_length=1, max_length=50_000)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """Litestar's pydantic plugin reads a body through this: every bad field is answered
        here, by its path, in one problem (see body_errors for why not by Litestar)."""
        try:
            return super().model_validate(
                obj,
                strict=strict,
                extra=extra,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except ValidationError as error:
            raise body_invalid(error) from None


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
    # The state or province, ISO 3166-2 without the country (CO for US-CO).
    region: Annotated[str, Field(max_length=3)] | None = None


# -- a posting's facts and screening questions (issue 20); the rules are the domain's.


def _date_text(value: Any) -> Any:
    # Lax pydantic reads a JSON number as a day count; the contract says a YYYY-MM-DD string.
    if not isinstance(value, str | date):
        raise PydanticCustomError("date_type", "must be a date string, e.g. 2027-01-31")
    return value


def _boolean(value: Any) -> Any:
    # Lax pydantic reads 0, 1 and "yes" as booleans; the document says boolean. (Litestar
    # validates bodies with strict=False, which overrides StrictBool.)
    if not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "must be true or false")
    return value


def _upper_text(value: Any) -> Any:
    # CEFR levels are written in capitals; b2 is read as B2.
    return value.upper() if isinstance(value, str) else value


Day = Annotated[date, BeforeValidator(_date_text)]
BenefitsDescription = Annotated[str, Field(max_length=2_000)]


class WorkingLanguageBody(Body):
    """A language the team works in, ISO 639-1, with an optional CEFR level (A1..C2)."""

    language: Language
    level: Annotated[CefrLevel, BeforeValidator(_upper_text)] | None = None

    def to_input(self) -> WorkingLanguageInput:
        return WorkingLanguageInput(self.language, self.level)


class ScreeningQuestionBody(Body):
    """A question board applicants answer; its ``id`` names it in their ``answers``."""

    id: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    text: Annotated[str, Field(min_length=1, max_length=MAX_QUESTION_TEXT)]
    kind: QuestionKind
    required: Annotated[bool, BeforeValidator(_boolean)] = False
    choices: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=MAX_CHOICE_TEXT)]],
        Field(max_length=MAX_CHOICES),
    ] = []

    def to_input(self) -> ScreeningQuestionInput:
        return ScreeningQuestionInput(
            self.id, self.text, self.kind, self.required, tuple(self.choices)
        )


WorkingLanguages = Annotated[list[WorkingLanguageBody], Field(max_length=10)]
ScreeningQuestions = Annotated[list[ScreeningQuestionBody], Field(max_length=20)]


def _working_languages(items: list[WorkingLanguageBody]) -> tuple[WorkingLanguageInput, ...]:
    return tuple(i.to_input() for i in items)


def _screening_questions(
    items: list[ScreeningQuestionBody],
) -> tuple[ScreeningQuestionInput, ...]:
    return tuple(i.to_input() for i in items)


class SalaryBody(Body):
    min: Annotated[Decimal, Field(gt=0, allow_inf_nan=False, max_digits=16, decimal_places=2)]
    max: Annotated[Decimal, Field(gt=0, allow_inf_nan=False, max_digits=16, decimal_places=2)]
    currency: Currency
    period: SalaryPeriod = SalaryPeriod.YEAR


def _whole_number(value: Any) -> Any:
    # Lax pydantic reads JSON's true as 1 and "3" as 3; the document says integer. (Litestar
    # validates bodies with strict=False, which overrides a field's own strict=True.)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("int_type", "must be a whole number")
    return value


class RequirementBody(Body):
    name: Name
    importance: Importance = Importance.MUST
    min_years: Annotated[int, BeforeValidator(_whole_number), Field(ge=0, le=50)] | None = None
    detail: Annotated[str, Field(max_length=500)] | None = None


class ApplicationMethodBody(Body):
    """How candidates apply: ``{"kind": "url", "url"}``, ``{"kind": "email", "email"}`` or
    ``{"kind": "board"}``. Required to publish."""

    kind: ApplicationKind
    url: Annotated[str, Field(max_length=500)] | None = None
    email: Annotated[str, Field(max_length=254)] | None = None

    def to_input(self) -> ApplicationMethodInput:
        return ApplicationMethodInput(self.kind, self.url, self.email)


class PostingBody(Body):
    title: Title
    description: Description
    language: Language
    locations: Annotated[list[LocationBody], Field(max_length=50)] = []
    workplace: Workplace
    employment_type: EmploymentType
    seniority: Seniority | None = None
    salary: SalaryBody | None = None
    responsibilities: Annotated[list[Line], Field(max_length=50)] = []
    benefits: Annotated[list[Line], Field(max_length=50)] = []
    requirements: Annotated[list[RequirementBody], Field(max_length=100)] = []
    remote_countries: Annotated[list[Country], _code_list(COUNTRIES, 250)] = []
    application_method: ApplicationMethodBody | None = None
    visa_sponsorship: Support = Support.UNKNOWN
    relocation_support: Support = Support.UNKNOWN
    working_languages: WorkingLanguages = []
    benefits_description: BenefitsDescription | None = None
    apply_by: Day | None = None
    screening_questions: ScreeningQuestions = []

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
            visa_sponsorship=self.visa_sponsorship,
            relocation_support=self.relocation_support,
            working_languages=_working_languages(self.working_languages),
            benefits_description=self.benefits_description,
            apply_by=self.apply_by,
            screening_questions=_screening_questions(self.screening_questions),
        )


class PostingPatchBody(Body):
    """Any subset of a posting's fields; the ones left out keep their value."""

    title: Title | None = None
    description: Description | None = None
    language: Language | None = None
    locations: Annotated[list[LocationBody], Field(max_length=50)] | None = None
    workplace: Workplace | None = None
    employment_type: EmploymentType | None = None
    seniority: Seniority | None = None
    salary: SalaryBody | None = None
    responsibilities: Annotated[list[Line], Field(max_length=50)] | None = None
    benefits: Annotated[list[Line], Field(max_length=50)] | None = None
    requirements: Annotated[list[RequirementBody], Field(max_length=100)] | None = None
    remote_countries: Annotated[list[Country], _code_list(COUNTRIES, 250)] | None = None
    application_method: ApplicationMethodBody | None = None
    visa_sponsorship: Support | None = None
    relocation_support: Support | None = None
    working_languages: WorkingLanguages | None = None
    benefits_description: BenefitsDescription | None = None
    apply_by: Day | None = None
    screening_questions: ScreeningQuestions | None = None

    def to_patch(self) -> PostingPatch:
        given = self.model_fields_set
        # Only these may be cleared; every other null is named at once.
        clearable = {"seniority", "salary", "benefits_description", "apply_by"}
        nulls = [n for n in sorted(given - clearable) if getattr(self, n) is None]
        if nulls:
            raise Problem(
                "validation-failed",
                f"invalid fields: {', '.join(nulls)}",
                [{"field": n, "pointer": f"/{n}", "message": "cannot be null"} for n in nulls],
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
            visa_sponsorship=pick("visa_sponsorship"),
            relocation_support=pick("relocation_support"),
            working_languages=pick("working_languages", _working_languages),
            benefits_description=pick("benefits_description"),
            apply_by=pick("apply_by"),
            screening_questions=pick("screening_questions", _screening_questions),
        )


def _rfc3339_text(value: Any) -> Any:
    # Lax pydantic reads a JSON number as seconds since 1970; the contract says RFC 3339 text.
    if not isinstance(value, str | datetime):
        raise PydanticCustomError("datetime_type", "must be an RFC 3339 date-time string")
    return value


class PublishBody(Body):
    valid_through: Annotated[datetime, BeforeValidator(_rfc3339_text)] | None = None


class ReasonBody(Body):
    reason: Annotated[str, Field(min_length=1, max_length=1_000)]


class RequirementCreateBody(Body):
    name: Name
    kind: RequirementKind
    aliases: Annotated[list[Name], Field(max_length=50)] = []


class RequirementRenameBody(Body):
    name: Name


class RequirementAliasBody(Body):
    aliases: Annotated[list[Name], Field(min_length=1, max_length=50)]


class MergeBody(Body):
    into: UUID


def _locations(items: list[LocationBody]) -> tuple[LocationInput, ...]:
    return tuple(LocationInput(i.country, i.city, i.region) for i in items)


def _application_method(body: ApplicationMethodBody | None) -> ApplicationMethodInput | None:
    return body.to_input() if body is not None else None


def _salary(salary: SalaryBody | None) -> SalaryInput | None:
    if salary is None:
        return None
    return SalaryInput(salary.min, salary.max, salary.currency, salary.period)


def _requirements(items: list[RequirementBody]) -> tuple[RequirementInput, ...]:
    return tuple(RequirementInput(i.name, i.importance, i.min_years, i.detail) for i in items)
