"""From a parse to a draft: to_posting_fields feeds the real DraftPosting handler."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.register_company import RegisteredCompany
from application.job_text import parse_job_text, to_posting_fields
from domain.ids import RequirementId
from domain.posting_values import (
    EmploymentType,
    Importance,
    Location,
    SalaryPeriod,
    Seniority,
    Workplace,
)
from domain.requirement import RequirementStatus
from fakes import InMemoryStore

FIXTURES = Path(__file__).parents[1] / "fixtures" / "job_texts"
CATALOGUE = {
    "python": "Python",
    "postgresql": "PostgreSQL",
    "postgres": "PostgreSQL",
    "docker": "Docker",
    "kafka": "Kafka",
    "go": "Go",
    "java": "Java",
    "ruby on rails": "Ruby on Rails",
    "node.js": "Node.js",
}


def _seed_folder() -> Path:
    raw = Path(__file__).parents[2] / "seeds" / "raw"
    return raw if raw.is_dir() else Path(__file__).parents[3] / "shared" / "seeds"


async def test_a_parsed_ad_becomes_a_draft_with_its_facts(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    postgres: RequirementId,
) -> None:
    text = (FIXTURES / "de_backend_entwickler_remote.txt").read_text(encoding="utf-8")
    parsed = parse_job_text(text, CATALOGUE)

    fields = to_posting_fields(parsed, fallback_title="Stelle", country="DE")
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))

    details = store.postings[posting_id].details
    assert details.title == "Senior Backend-Entwickler (m/w/d) \u2013 Python"
    assert details.language == "de"
    assert details.locations == (Location("DE"),)
    assert details.workplace is Workplace.REMOTE
    assert details.employment_type is EmploymentType.FULL_TIME
    assert details.seniority is Seniority.SENIOR
    assert details.salary is not None
    assert (details.salary.min, details.salary.max) == (Decimal(60_000), Decimal(75_000))
    assert (details.salary.currency, details.salary.period) == ("EUR", SalaryPeriod.YEAR)
    assert len(details.responsibilities) == 4
    assert len(details.benefits) == 4
    assert details.description.startswith("Über uns\nDie Kornfeld GmbH")
    # PostgreSQL is found in the catalogue; the others are proposed to it
    by_id = {r.requirement_id: r for r in details.requirements}
    assert by_id[postgres].importance is Importance.MUST
    names = {store.requirements[r.requirement_id].name: r for r in details.requirements}
    assert set(names) == {"Python", "PostgreSQL", "Docker", "Kafka", "Go"}
    assert names["Python"].min_years == 5
    assert names["Kafka"].importance is Importance.NICE
    assert store.requirements[names["Go"].requirement_id].status is RequirementStatus.PENDING


@pytest.mark.parametrize("number", ["000", "001", "002", "003"])
async def test_every_seed_text_drafts_a_valid_posting(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    number: str,
) -> None:
    (path,) = _seed_folder().glob(f"{number}_*.txt")
    parsed = parse_job_text(path.read_text(encoding="utf-8"), CATALOGUE)

    fields = to_posting_fields(parsed, fallback_title="Backend Engineer", country="GB")
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))

    details = store.postings[posting_id].details
    assert details.title == parsed.title
    assert details.language == "en"
    assert len(details.requirements) == len(parsed.requirements)
    assert details.responsibilities == parsed.responsibilities


def test_what_the_text_does_not_say_comes_from_the_callers_defaults() -> None:
    parsed = parse_job_text("Kafka\nJava", CATALOGUE)

    fields = to_posting_fields(parsed, fallback_title="Engineer", country="fr", city="Lyon")

    assert fields.title == "Engineer"
    assert fields.description == "Kafka\nJava"
    assert fields.language == "en"
    assert fields.workplace == "onsite"
    assert fields.employment_type == "full_time"
    assert fields.locations[0].country == "fr"
    assert fields.locations[0].city == "Lyon"
    assert fields.salary is None
    assert fields.seniority is None


def test_requirements_unknown_to_the_catalogue_can_be_left_out() -> None:
    parsed = parse_job_text(
        "Requirements:\n- 5+ years as a Backend Engineer\n- Strong Java", CATALOGUE
    )

    kept = to_posting_fields(parsed, fallback_title="Engineer", country="DE")
    known_only = to_posting_fields(
        parsed, fallback_title="Engineer", country="DE", include_unknown_requirements=False
    )

    assert [(r.name, r.min_years) for r in kept.requirements] == [
        ("Backend Engineer", 5),
        ("Java", None),
    ]
    assert [r.name for r in known_only.requirements] == ["Java"]


def test_lists_are_cut_to_what_a_posting_may_hold() -> None:
    duties = "\n".join(f"- Duty number {n}: {'x' * 1200}" for n in range(60))
    parsed = parse_job_text(f"Responsibilities:\n{duties}", CATALOGUE)

    fields = to_posting_fields(parsed, fallback_title="Engineer", country="DE")

    assert len(parsed.responsibilities) == 60
    assert len(fields.responsibilities) == 50
    assert all(len(line) <= 1000 for line in fields.responsibilities)
