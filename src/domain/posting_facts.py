"""Facts a candidate filters on beyond where and what: whether the employer sponsors a
visa or supports a move, and the languages the team works in (not the language the
posting is written in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.guards import clean_text, member, require
from domain.iso_codes import language_code

MAX_WORKING_LANGUAGES = 10
MAX_BENEFITS_DESCRIPTION = 2000


class Support(StrEnum):
    """An employer's answer to "do you sponsor a visa / help with relocation?"."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"  # the posting does not say


class CefrLevel(StrEnum):
    """The Common European Framework of Reference levels, lowest first."""

    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"


@dataclass(frozen=True, slots=True)
class WorkingLanguage:
    """A language the team works in (ISO 639-1), with the level it asks for, if any."""

    language: str
    level: CefrLevel | None = None

    def __post_init__(self) -> None:
        field = "working_languages.language"
        object.__setattr__(self, "language", language_code(self.language, field=field))
        if self.level is not None:
            level = member(
                CefrLevel, str(self.level).strip().upper(), field="working_languages.level"
            )
            object.__setattr__(self, "level", level)


def working_languages(values: tuple[WorkingLanguage, ...]) -> tuple[WorkingLanguage, ...]:
    """At most ten, each language once."""
    require(
        len(values) <= MAX_WORKING_LANGUAGES,
        f"working_languages may hold at most {MAX_WORKING_LANGUAGES} languages",
        field="working_languages",
    )
    codes = [v.language for v in values]
    require(
        len(set(codes)) == len(codes),
        "working_languages name a language twice",
        field="working_languages",
    )
    return values


def support(value: Support | str, *, field: str) -> Support:
    return member(Support, str(value).strip().lower(), field=field)


def benefits_description(value: str | None) -> str | None:
    """A prose account of the benefits (pay-transparency laws ask for one), None for none."""
    if value is None:
        return None
    text = clean_text(
        value,
        field="benefits_description",
        max_length=MAX_BENEFITS_DESCRIPTION,
        allow_empty=True,
    )
    return text or None


def apply_by(value: date | None) -> date | None:
    """The last day applications are taken (Colorado asks postings to say it)."""
    require(
        value is None or (isinstance(value, date) and 2000 <= value.year <= 2999),
        "apply_by must be a date, e.g. 2027-01-31",
        field="apply_by",
    )
    return value
