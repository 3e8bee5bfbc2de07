"""The job-text parser on the board's four real seed texts.

The texts are read from the project's seeds/raw/ and, before that copy exists,
from the shared seeds folder beside the project.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from application.job_text import ParsedJob, ParsedRequirement, SectionKind, parse_job_text
from domain.posting_values import Importance, SalaryPeriod, Workplace

CATALOGUE = {
    "java": "Java",
    "scala": "Scala",
    "kotlin": "Kotlin",
    "go": "Go",
    "golang": "Go",
    "python": "Python",
    "c#": "C#",
    "node.js": "Node.js",
    "nodejs": "Node.js",
    "node": "Node.js",
    "typescript": "TypeScript",
    "ts": "TypeScript",
    "ruby on rails": "Ruby on Rails",
    "rails": "Ruby on Rails",
    "sidekiq": "Sidekiq",
    "mysql": "MySQL",
    "postgresql": "PostgreSQL",
    "postgres": "PostgreSQL",
    "dynamodb": "DynamoDB",
    "cassandra": "Cassandra",
    "solr": "Solr",
    "redis": "Redis",
    "qdrant": "Qdrant",
    "kafka": "Kafka",
    "grpc": "gRPC",
    "graphql": "GraphQL",
    "rest": "REST",
    "protobuf": "Protocol Buffers",
    "aws": "AWS",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    "terraform": "Terraform",
    "domain driven design": "Domain-Driven Design",
    "ddd": "Domain-Driven Design",
    "hexagonal architecture": "Hexagonal Architecture",
    "cqrs": "CQRS",
    "event driven architecture": "Event-Driven Architecture",
}


def _seed_folder() -> Path:
    raw = Path(__file__).parents[2] / "seeds" / "raw"
    return raw if raw.is_dir() else Path(__file__).parents[3] / "shared" / "seeds"


def parse_seed(number: str) -> ParsedJob:
    (path,) = _seed_folder().glob(f"{number}_*.txt")
    return parse_job_text(path.read_text(encoding="utf-8"), CATALOGUE)


def requirements(parsed: ParsedJob) -> dict[str, ParsedRequirement]:
    return {r.name: r for r in parsed.requirements}


def names(parsed: ParsedJob, importance: Importance) -> set[str]:
    return {r.name for r in parsed.requirements if r.importance is importance}


@pytest.mark.parametrize("number", ["000", "001", "002", "003"])
def test_every_seed_is_an_english_senior_backend_job(number: str) -> None:
    parsed = parse_seed(number)

    assert parsed.language == "en"
    assert parsed.title is not None
    assert "Senior" in parsed.title
    assert parsed.seniority == "senior"
    assert parsed.must_have
    assert parsed.responsibilities


# 000: a job site's copy, without title or pay


def test_seed_000_drops_the_job_sites_notice_about_country_lists() -> None:
    parsed = parse_seed("000")

    assert len(parsed.report.dropped_lines) == 1
    assert parsed.report.dropped_lines[0].startswith("This list contains only the countries")
    assert "This list contains" not in parsed.description
    assert all("countries for which" not in line for line in parsed.summary)


def test_seed_000_takes_its_title_from_the_first_sentence_and_says_so() -> None:
    parsed = parse_seed("000")

    assert parsed.title == "Senior Backend Engineer"
    assert any(note.startswith("title inferred from: As a Senior") for note in parsed.report.notes)


def test_seed_000_sections() -> None:
    parsed = parse_seed("000")

    assert len(parsed.summary) == 1
    assert parsed.summary[0].startswith("As a Senior Backend Engineer, you")
    assert len(parsed.responsibilities) == 6
    assert parsed.responsibilities[0] == "Design and implement scalable systems and infrastructures"
    assert len(parsed.must_have) == 6
    assert parsed.must_have[0].startswith("5+ years of experience")
    assert parsed.nice_to_have == ()
    assert parsed.benefits[1] == "comprehensive health and wellness benefits"
    assert len(parsed.benefits) == 4
    assert [(s.kind, s.heading) for s in parsed.sections[1:]] == [
        (SectionKind.RESPONSIBILITIES, "Job Responsibility"),
        (SectionKind.MUST_HAVE, "Requirements"),
        (SectionKind.BENEFITS, "What we offer"),
    ]


def test_seed_000_requirements_and_what_it_leaves_open() -> None:
    parsed = parse_seed("000")

    found = requirements(parsed)
    assert set(found) == {
        "software engineering",
        "Java",
        "Scala",
        "MySQL",
        "Cassandra",
        "Solr",
        "Kafka",
    }
    assert names(parsed, Importance.NICE) == set()
    assert found["software engineering"].min_years == 5
    assert not found["software engineering"].known
    assert found["Kafka"].min_years is None
    assert found["Kafka"].detail.startswith("Expertise in designing highly-scalable")
    # mentioned in the summary only: offered to the employer, not made requirements
    assert parsed.report.terms_outside_requirements == ("DynamoDB", "gRPC", "GraphQL")
    assert parsed.salary is None
    assert parsed.workplace is None
    assert parsed.employment_type is None
    assert {"salary", "workplace", "employment_type"} <= set(parsed.report.not_found)


# 001: a structured description with pay and a work location


def test_seed_001_title_and_sections() -> None:
    parsed = parse_seed("001")

    assert parsed.title == "Senior Software Engineer (Backend)"
    assert parsed.summary == (
        "Lead design and implementation of scalable, reliable backend systems and services; "
        "mentor engineers, drive architecture and technical decisions, and ensure delivery of "
        "high-quality server-side software.",
    )
    assert len(parsed.responsibilities) == 12
    # the stray markdown of the original ("&* architecture:*") is cleaned away
    assert parsed.responsibilities[0].startswith("System design & architecture: Architect backend")
    assert parsed.responsibilities[-1].startswith("Technical strategy & process: Influence")
    assert len(parsed.must_have) == 9
    assert parsed.must_have[1] == (
        "5+ years backend software engineering experience (or equivalent seniority)."
    )
    assert len(parsed.nice_to_have) == 5
    assert parsed.nice_to_have[-1] == "Advanced degree or relevant certifications."
    assert parsed.benefits == ()
    # the labelled lines at the end are facts, not nice-to-haves
    assert all(not line.startswith(("Pay", "Work Location")) for line in parsed.nice_to_have)


def test_seed_001_pay_per_month_and_in_person_work() -> None:
    parsed = parse_seed("001")

    assert parsed.salary is not None
    assert parsed.salary.min == Decimal("11670.34")
    assert parsed.salary.max == Decimal("14174.54")
    assert parsed.salary.currency == "USD"
    assert parsed.salary.period is SalaryPeriod.MONTH
    assert parsed.salary.period_stated
    assert parsed.workplace is Workplace.ONSITE
    assert parsed.report.facts == (
        ("Pay", "$11,670.34 \u2013 $14,174.54 per month"),
        ("Work Location", "In person"),
    )


def test_seed_001_requirements() -> None:
    parsed = parse_seed("001")

    assert names(parsed, Importance.MUST) == {
        "backend software engineering",
        "Java",
        "Go",
        "Python",
        "Node.js",
        "C#",
        "AWS",
        "Docker",
        "Kubernetes",
    }
    assert names(parsed, Importance.NICE) == {"Kafka", "Terraform"}
    found = requirements(parsed)
    assert found["backend software engineering"].min_years == 5
    assert all(r.min_years is None for name, r in found.items() if r.known)
    assert "Kotlin" in parsed.report.terms_outside_requirements


# 002: remote-first, Ruby on Rails, 9+ years


def test_seed_002_sections() -> None:
    parsed = parse_seed("002")

    assert parsed.title == "Senior Backend Engineer II"
    assert len(parsed.summary) == 1
    assert len(parsed.responsibilities) == 12
    assert len(parsed.must_have) == 10
    assert parsed.nice_to_have == (
        "Familiarity with NoSQL or vector databases (e.g., Qdrant, Pinecone, or Weaviate)",
        "Familiarity with modern AI/ML services or data-intensive workflows is desirable",
    )
    assert len(parsed.benefits) == 7
    assert parsed.benefits[-2] == "VSOP (Virtual Stock Option Plan)"
    assert len(parsed.report.dropped_lines) == 1


def test_seed_002_is_remote_without_pay() -> None:
    parsed = parse_seed("002")

    assert parsed.workplace is Workplace.REMOTE
    # "Monthly remote work stipend" and "Personal development fund" are money words, not pay
    assert parsed.salary is None


def test_seed_002_requirements_with_years() -> None:
    parsed = parse_seed("002")

    found = requirements(parsed)
    assert names(parsed, Importance.MUST) == {
        "Backend Engineer",
        "Ruby on Rails",
        "PostgreSQL",
        "Sidekiq",
        "Redis",
        "AWS",
    }
    assert names(parsed, Importance.NICE) == {"Qdrant"}
    assert found["Backend Engineer"].min_years == 9
    assert not found["Backend Engineer"].known
    assert found["Ruby on Rails"].detail == (
        "Strong experience with Ruby on Rails (preferred) or comparable backend frameworks"
    )


# 003: prose sections, a tech stack, a hybrid office


def test_seed_003_sections() -> None:
    parsed = parse_seed("003")

    assert parsed.title == "Senior Backend Engineer"
    assert [(s.kind, s.heading) for s in parsed.sections] == [
        (SectionKind.SUMMARY, "About the job"),
        (SectionKind.RESPONSIBILITIES, "What does a Senior Backend Engineer do at Busuu"),
        (SectionKind.STACK, "Our tech stack"),
        (SectionKind.MUST_HAVE, "What we\u2019re looking for in a Senior Backend Engineer"),
        (
            SectionKind.BENEFITS,
            "At Busuu we want to ensure that you have access to some great benefits",
        ),
        (SectionKind.PROCESS, "What happens next"),
    ]
    assert len(parsed.summary) == 4
    assert parsed.summary[0].startswith("Busuu is one of the top EdTech companies")
    assert len(parsed.responsibilities) == 5
    assert len(parsed.must_have) == 10
    assert parsed.must_have[0] == "Excellent knowledge of Node.js"
    assert len(parsed.benefits) == 6
    assert parsed.benefits[1] == "Busuu offers a great Private Health Insurance scheme"


def test_seed_003_is_hybrid_and_the_interview_on_site_does_not_count() -> None:
    parsed = parse_seed("003")

    assert parsed.workplace is Workplace.HYBRID
    assert parsed.salary is None


def test_seed_003_requirements_from_the_list_and_the_tech_stack() -> None:
    parsed = parse_seed("003")

    assert names(parsed, Importance.MUST) == {"Node.js", "MySQL", "PostgreSQL", "REST"}
    assert names(parsed, Importance.NICE) == {
        # "... are very nice to have" in the must list
        "Domain-Driven Design",
        "Hexagonal Architecture",
        "CQRS",
        "Event-Driven Architecture",
        # the tech stack: what the team works with
        "TypeScript",
        "GraphQL",
        "Kafka",
        "Protocol Buffers",
    }
    assert all(r.min_years is None for r in parsed.requirements)
