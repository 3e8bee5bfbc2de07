"""A posting's facts: visa sponsorship and relocation support (yes, no, unknown), working
languages with CEFR levels, a benefits description and an apply-by date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from builders import posting_details
from domain.errors import InvariantViolated
from domain.posting_facts import CefrLevel, Support, WorkingLanguage


def test_a_posting_that_says_nothing_of_its_facts_reads_unknown() -> None:
    details = posting_details()

    assert details.visa_sponsorship is Support.UNKNOWN
    assert details.relocation_support is Support.UNKNOWN
    assert details.working_languages == () and details.apply_by is None


def test_facts_are_read_in_any_case_and_kept_as_members() -> None:
    details = posting_details(
        visa_sponsorship="YES",
        relocation_support=" no ",
        working_languages=(WorkingLanguage("DE", "b2"), WorkingLanguage("fr")),  # type: ignore[arg-type]
        benefits_description="  Health cover  ",
        apply_by=date(2027, 1, 31),
    )

    assert (details.visa_sponsorship, details.relocation_support) == (Support.YES, Support.NO)
    assert details.working_languages == (
        WorkingLanguage("de", CefrLevel.B2),
        WorkingLanguage("fr", None),
    )
    assert details.benefits_description == "Health cover"


def test_the_spoken_languages_are_its_own_and_its_teams_each_once() -> None:
    details = posting_details(
        language="en", working_languages=(WorkingLanguage("de"), WorkingLanguage("en"))
    )

    assert details.spoken_languages == ("en", "de")


ELEVEN = tuple(WorkingLanguage(c) for c in ("de", "en", "fr", "es", "it", "nl", "pt", "pl",
                                             "sv", "da", "fi"))  # fmt: skip
TWICE = (WorkingLanguage("de"), WorkingLanguage("de"))


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"visa_sponsorship": "maybe"}, "visa_sponsorship"),
        ({"relocation_support": "sometimes"}, "relocation_support"),
        ({"working_languages": TWICE}, "working_languages"),
        ({"working_languages": ELEVEN}, "working_languages"),
        ({"apply_by": "tomorrow"}, "apply_by"),
        ({"benefits_description": "x" * 2001}, "benefits_description"),
    ],
)
def test_a_fact_that_breaks_its_rule_names_its_field(facts: dict[str, Any], field: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        posting_details(**facts)

    assert error.value.field == field


@pytest.mark.parametrize(
    ("language", "level", "field"),
    [("xx", None, "working_languages.language"), ("de", "D1", "working_languages.level")],
)
def test_a_working_language_is_an_iso_code_with_a_cefr_level(
    language: str, level: str | None, field: str
) -> None:
    with pytest.raises(InvariantViolated) as error:
        WorkingLanguage(language, level)  # type: ignore[arg-type]

    assert error.value.field == field
