"""Value objects a posting is made of: where, how, what it pays and what it asks for."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from domain.application_method import ApplicationMethod
from domain.errors import ApplicationMethodMissing
from domain.guards import clean_text, member, require
from domain.ids import RequirementId
from domain.iso_codes import country_code, currency_code, language_code
from domain.posting_facts import (
    Support,
    WorkingLanguage,
    apply_by,
    benefits_description,
    support,
    working_languages,
)
from domain.screening import ScreeningQuestion, screening_questions


class Workplace(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"


class EmploymentType(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    CONTRACT = "contract"
    TEMPORARY = "temporary"
    INTERNSHIP = "internship"


class Seniority(StrEnum):
    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"
    PRINCIPAL = "principal"
    EXECUTIVE = "executive"


class SalaryPeriod(StrEnum):
    HOUR = "hour"
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Importance(StrEnum):
    MUST = "must"
    NICE = "nice"


# How many periods make a working year, to compare salaries quoted per hour,
# day, month or year (40-hour weeks, 52 weeks, 260 working days).
PERIODS_PER_YEAR = {
    SalaryPeriod.HOUR: Decimal(2080),
    SalaryPeriod.DAY: Decimal(260),
    SalaryPeriod.MONTH: Decimal(12),
    SalaryPeriod.YEAR: Decimal(1),
}

MAX_SALARY = Decimal(10) ** 12
# An ISO 3166-2 subdivision code's part after the country: CO of US-CO, NY of US-NY.
_REGION = re.compile(r"^[A-Z0-9]{1,3}$")


@dataclass(frozen=True, slots=True)
class Location:
    country: str
    city: str | None = None
    # The state or province (ISO 3166-2, without the country): where pay laws are made.
    region: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "country", country_code(self.country, field="locations.country"))
        if self.region is not None:
            region = self.region.strip().upper() or None
            require(
                region is None or _REGION.match(region) is not None,
                "locations.region must be an ISO 3166-2 subdivision code without its country, "
                "e.g. CO for US-CO",
                field="locations.region",
            )
            object.__setattr__(self, "region", region)
        if self.city is not None:
            city = clean_text(self.city, field="locations.city", max_length=120, allow_empty=True)
            object.__setattr__(self, "city", city or None)


@dataclass(frozen=True, slots=True)
class SalaryRange:
    min: Decimal
    max: Decimal
    currency: str
    period: SalaryPeriod

    def __post_init__(self) -> None:
        require(self.min.is_finite(), "salary.min must be a number", field="salary.min")
        require(self.max.is_finite(), "salary.max must be a number", field="salary.max")
        require(self.min > 0, "salary.min must be greater than 0", field="salary.min")
        require(self.max > 0, "salary.max must be greater than 0", field="salary.max")
        require(self.min <= self.max, "salary.min must not exceed salary.max", field="salary.min")
        require(self.max < MAX_SALARY, "salary.max is implausibly large", field="salary.max")
        object.__setattr__(self, "currency", currency_code(self.currency, field="salary.currency"))
        object.__setattr__(self, "period", member(SalaryPeriod, self.period, field="salary.period"))

    @property
    def annual_min(self) -> Decimal:
        return self.min * PERIODS_PER_YEAR[self.period]

    @property
    def annual_max(self) -> Decimal:
        return self.max * PERIODS_PER_YEAR[self.period]


@dataclass(frozen=True, slots=True)
class PostingRequirement:
    """One thing a posting asks of a candidate, pointing into the requirement catalogue."""

    requirement_id: RequirementId
    importance: Importance
    min_years: int | None = None
    detail: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "importance", member(Importance, self.importance, field="requirements.importance")
        )
        if self.min_years is not None:
            require(
                0 <= self.min_years <= 50,
                "requirements.min_years must be between 0 and 50",
                field="requirements.min_years",
            )
        if self.detail is not None:
            detail = clean_text(
                self.detail, field="requirements.detail", max_length=500, allow_empty=True
            )
            object.__setattr__(self, "detail", detail or None)


def _lines(values: tuple[str, ...], field: str) -> tuple[str, ...]:
    require(len(values) <= 50, f"{field} may hold at most 50 lines", field=field)
    lines = tuple(clean_text(v, field=field, max_length=1000, allow_empty=True) for v in values)
    return tuple(line for line in lines if line)


@dataclass(frozen=True, slots=True)
class PostingDetails:
    """Everything an employer writes about a job; replaced whole on every revision."""

    title: str
    description: str
    language: str
    locations: tuple[Location, ...]
    workplace: Workplace
    employment_type: EmploymentType
    seniority: Seniority | None = None
    salary: SalaryRange | None = None
    responsibilities: tuple[str, ...] = ()
    benefits: tuple[str, ...] = ()
    requirements: tuple[PostingRequirement, ...] = ()
    remote_countries: tuple[str, ...] = ()
    # Optional in a draft (and in postings published before the board asked for one).
    application_method: ApplicationMethod | None = None
    # Facts candidates filter on (domain/posting_facts.py), and what pay laws ask for.
    visa_sponsorship: Support = Support.UNKNOWN
    relocation_support: Support = Support.UNKNOWN
    working_languages: tuple[WorkingLanguage, ...] = ()
    benefits_description: str | None = None
    apply_by: date | None = None
    # What board applicants answer when they apply (domain/screening.py).
    screening_questions: tuple[ScreeningQuestion, ...] = ()

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "visa_sponsorship", support(self.visa_sponsorship, field="visa_sponsorship"))
        set_(
            self,
            "relocation_support",
            support(self.relocation_support, field="relocation_support"),
        )
        set_(self, "working_languages", working_languages(tuple(self.working_languages)))
        set_(self, "benefits_description", benefits_description(self.benefits_description))
        set_(self, "apply_by", apply_by(self.apply_by))
        set_(self, "screening_questions", screening_questions(tuple(self.screening_questions)))
        set_(self, "title", clean_text(self.title, field="title", max_length=200))
        set_(
            self,
            "description",
            clean_text(self.description, field="description", max_length=50_000),
        )
        set_(self, "language", language_code(self.language))
        set_(self, "workplace", member(Workplace, self.workplace, field="workplace"))
        set_(
            self,
            "employment_type",
            member(EmploymentType, self.employment_type, field="employment_type"),
        )
        if self.seniority is not None:
            set_(self, "seniority", member(Seniority, self.seniority, field="seniority"))
        set_(self, "responsibilities", _lines(tuple(self.responsibilities), "responsibilities"))
        set_(self, "benefits", _lines(tuple(self.benefits), "benefits"))

        locations = tuple(self.locations)
        require(len(locations) <= 50, "locations may hold at most 50 places", field="locations")
        require(
            len(set(locations)) == len(locations), "locations repeat a place", field="locations"
        )
        require(
            self.workplace is Workplace.REMOTE or bool(locations),
            "an onsite or hybrid posting needs at least one location",
            field="locations",
        )
        set_(self, "locations", locations)

        remote = tuple(country_code(c, field="remote_countries") for c in self.remote_countries)
        require(
            not remote or self.workplace is Workplace.REMOTE,
            "remote_countries only apply to a remote posting",
            field="remote_countries",
        )
        require(
            len(set(remote)) == len(remote),
            "remote_countries repeat a country",
            field="remote_countries",
        )
        set_(self, "remote_countries", remote)

        requirements = tuple(self.requirements)
        require(
            len(requirements) <= 100,
            "requirements may hold at most 100 entries",
            field="requirements",
        )
        ids = [r.requirement_id for r in requirements]
        require(
            len(set(ids)) == len(ids),
            "requirements name the same entry twice",
            field="requirements",
        )
        set_(self, "requirements", requirements)

    @property
    def applicant_countries(self) -> tuple[str, ...]:
        """Where applicants may live: a remote posting's remote countries, else the
        countries of its locations."""
        countries = self.remote_countries or tuple(loc.country for loc in self.locations)
        return tuple(dict.fromkeys(countries))

    def ensure_publishable(self) -> None:
        """A draft may be unfinished; a public posting must say where its people can be.
        Job search engines (Google for Jobs) drop a fully remote job that names no country
        applicants may live in, so a remote posting names one: in remote_countries, or
        through a location (an office, a legal seat). Enforced on publishing rather than in
        every value, so postings stored before the rule still load."""
        require(
            bool(self.applicant_countries),
            "a remote posting must name the countries applicants may live in "
            "(remote_countries) or at least one location",
            field="remote_countries",
        )

    def ensure_applicable(self) -> None:
        """Publishing asks how candidates apply. Checked on publishing only, not on every
        revision, so a posting published before the rule can still be revised and closed."""
        if self.application_method is None:
            raise ApplicationMethodMissing(
                "a posting needs an application_method (url, email or board) to be published",
                field="application_method",
            )

    @property
    def spoken_languages(self) -> tuple[str, ...]:
        """The posting's own language and the team's working languages, each once: what the
        working_language filter matches."""
        return tuple(dict.fromkeys((self.language, *(w.language for w in self.working_languages))))

    @property
    def application_kind(self) -> str | None:
        method = self.application_method
        return method.kind.value if method else None
