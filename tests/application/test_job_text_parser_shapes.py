"""The job-text parser on ads of many shapes: seven languages, odd headings, numbered
lists, no bullets at all, markdown, a job site's chrome, pay in local formats.

The ads are fixtures in tests/fixtures/job_texts/, written for these tests.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from application.job_text import ParsedJob, ParsedRequirement, parse_job_text
from domain.posting_values import EmploymentType, Importance, SalaryPeriod, Seniority, Workplace

FIXTURES = Path(__file__).parents[1] / "fixtures" / "job_texts"

CATALOGUE = {
    "java": "Java",
    "spring boot": "Spring Boot",
    "python": "Python",
    "django": "Django",
    "go": "Go",
    "golang": "Go",
    "scala": "Scala",
    "node.js": "Node.js",
    "nodejs": "Node.js",
    "typescript": "TypeScript",
    "react": "React",
    "next.js": "Next.js",
    "graphql": "GraphQL",
    "ruby on rails": "Ruby on Rails",
    "rails": "Ruby on Rails",
    "postgresql": "PostgreSQL",
    "postgres": "PostgreSQL",
    "sql": "SQL",
    "redis": "Redis",
    "kafka": "Kafka",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    "terraform": "Terraform",
    "pulumi": "Pulumi",
    "aws": "AWS",
    "linux": "Linux",
    "english": "English",
}


def parse_fixture(name: str) -> ParsedJob:
    return parse_job_text((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), CATALOGUE)


def requirements(parsed: ParsedJob) -> dict[str, ParsedRequirement]:
    return {r.name: r for r in parsed.requirements}


def names(parsed: ParsedJob, importance: Importance) -> set[str]:
    return {r.name for r in parsed.requirements if r.importance is importance}


def years(parsed: ParsedJob) -> dict[str, int]:
    return {r.name: r.min_years for r in parsed.requirements if r.min_years is not None}


def test_there_are_at_least_eight_fixture_ads() -> None:
    assert len(list(FIXTURES.glob("*.txt"))) >= 8


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("fr_developpeur_java_cdi", "fr"),
        ("de_backend_entwickler_remote", "de"),
        ("es_ingeniera_datos_hibrido", "es"),
        ("nl_ontwikkelaar_deeltijd", "nl"),
        ("it_stage_sviluppatore", "it"),
        ("pt_desenvolvedor_remoto", "pt"),
        ("en_numbered_odd_headings", "en"),
        ("en_plain_prose", "en"),
        ("en_markdown_contract_hourly", "en"),
        ("en_job_site_chrome", "en"),
    ],
)
def test_the_language_of_each_ad_is_recognised(name: str, language: str) -> None:
    assert parse_fixture(name).language == language


# French: "Vos missions", "Profil recherché", "Les plus", CDI, "45 000 € ... brut annuel"


def test_a_french_ad() -> None:
    parsed = parse_fixture("fr_developpeur_java_cdi")

    assert parsed.title == "Développeur Backend Java (H/F)"
    assert parsed.summary[0].startswith("Lumio édite une plateforme")
    assert parsed.responsibilities == (
        "Concevoir et développer les services de réservation et de facturation",
        "Participer aux revues de code et à l'amélioration continue de notre architecture",
        "Assurer le suivi de la production avec l'équipe d'exploitation",
        "Rédiger la documentation technique des API",
    )
    assert len(parsed.must_have) == 4
    assert parsed.nice_to_have == (
        "Une expérience avec Kubernetes serait un plus",
        "Des notions de Terraform",
    )
    assert len(parsed.benefits) == 4
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal(45_000), Decimal(55_000))
    assert (parsed.salary.currency, parsed.salary.period) == ("EUR", SalaryPeriod.YEAR)
    assert parsed.employment_type is EmploymentType.FULL_TIME  # CDI à temps plein
    assert parsed.workplace is Workplace.HYBRID  # deux jours de télétravail
    assert names(parsed, Importance.MUST) == {"Java", "Spring Boot", "PostgreSQL", "Kafka"}
    assert names(parsed, Importance.NICE) == {"Kubernetes", "Terraform"}
    assert years(parsed) == {"Java": 5, "Spring Boot": 5}


# German: "Deine Aufgaben", "Das bringst du mit", "Wünschenswert", brutto/Jahr


def test_a_german_ad() -> None:
    parsed = parse_fixture("de_backend_entwickler_remote")

    assert parsed.title == "Senior Backend-Entwickler (m/w/d) \u2013 Python"
    assert parsed.seniority is Seniority.SENIOR
    assert parsed.sections[0].heading == "Über uns"
    assert len(parsed.summary) == 1
    assert len(parsed.responsibilities) == 4
    assert parsed.must_have[0] == (
        "Mindestens 5 Jahre Berufserfahrung in der Softwareentwicklung mit Python"
    )
    assert parsed.nice_to_have == ("Erfahrung mit Kafka", "Kenntnisse in Go sind von Vorteil")
    assert len(parsed.benefits) == 4
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal(60_000), Decimal(75_000))
    assert (parsed.salary.currency, parsed.salary.period) == ("EUR", SalaryPeriod.YEAR)
    assert parsed.employment_type is EmploymentType.FULL_TIME  # unbefristet, Vollzeit
    assert parsed.workplace is Workplace.REMOTE  # 100% Remote
    assert names(parsed, Importance.MUST) == {"Python", "PostgreSQL", "SQL", "Docker"}
    assert names(parsed, Importance.NICE) == {"Kafka", "Go"}
    assert years(parsed) == {"Python": 5}
    assert parsed.report.unmatched_requirement_lines == (
        "Sehr gute Deutschkenntnisse in Wort und Schrift",
    )


# Spanish: numbered lists, "Se valorará", an inline "Salario:" fact in the benefits


def test_a_spanish_ad_with_numbered_lists() -> None:
    parsed = parse_fixture("es_ingeniera_datos_hibrido")

    assert parsed.title == "Ingeniero/a de Datos"
    assert parsed.responsibilities[0] == (
        "Diseñar y mantener los flujos de datos entre nuestros sistemas de pólizas y el "
        "almacén de datos."
    )
    assert len(parsed.responsibilities) == 3
    assert len(parsed.must_have) == 3
    assert parsed.nice_to_have == ("Experiencia con Terraform.", "Conocimientos de Scala.")
    # the pay line is an item of the benefits list and a labelled fact at once
    assert parsed.benefits[1] == "Salario: 40.000€ - 50.000€ brutos anuales."
    assert len(parsed.benefits) == 4
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal(40_000), Decimal(50_000))
    assert (parsed.salary.currency, parsed.salary.period) == ("EUR", SalaryPeriod.YEAR)
    assert parsed.employment_type is EmploymentType.FULL_TIME  # contrato indefinido
    assert parsed.workplace is Workplace.HYBRID
    assert names(parsed, Importance.MUST) == {"Python", "Kafka", "PostgreSQL"}
    assert names(parsed, Importance.NICE) == {"Terraform", "Scala"}
    assert years(parsed) == {"Python": 3}


# Dutch: no bullets at all, question headings, part-time, pay per month


def test_a_dutch_ad_without_bullets() -> None:
    parsed = parse_fixture("nl_ontwikkelaar_deeltijd")

    assert parsed.title == "Ruby on Rails ontwikkelaar (32 uur)"
    assert parsed.responsibilities == (
        "Je bouwt nieuwe functies in onze Rails-applicatie.",
        "Je werkt samen met onze ontwerper aan de gebruikerservaring.",
        "Je denkt mee over de technische koers van het product.",
    )
    assert parsed.must_have[0] == "Minimaal 3 jaar ervaring met Ruby on Rails."
    assert len(parsed.must_have) == 3
    assert parsed.nice_to_have == ("Ervaring met Kubernetes is een pre.",)
    assert len(parsed.benefits) == 3
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal(3_500), Decimal(4_500))
    assert (parsed.salary.currency, parsed.salary.period) == ("EUR", SalaryPeriod.MONTH)
    assert parsed.employment_type is EmploymentType.PART_TIME  # deeltijdfunctie
    assert parsed.workplace is Workplace.ONSITE  # vier dagen op kantoor
    assert names(parsed, Importance.MUST) == {"Ruby on Rails", "PostgreSQL", "Redis"}
    assert names(parsed, Importance.NICE) == {"Kubernetes"}
    assert years(parsed) == {"Ruby on Rails": 3}


# Italian: an internship ("Stage", "Tirocinio"), pay per month


def test_an_italian_internship() -> None:
    parsed = parse_fixture("it_stage_sviluppatore")

    assert parsed.title == "Stage - Sviluppatore Junior Python"
    assert parsed.seniority is Seniority.JUNIOR
    assert len(parsed.responsibilities) == 3
    assert parsed.must_have[1] == "Conoscenza di base di Python e di SQL"
    assert parsed.nice_to_have == ("Esperienza con Docker", "Conoscenza di PostgreSQL")
    assert parsed.benefits[0] == "Tirocinio di sei mesi con possibilità di assunzione"
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal(1_000), Decimal(1_000))
    assert (parsed.salary.currency, parsed.salary.period) == ("EUR", SalaryPeriod.MONTH)
    assert parsed.employment_type is EmploymentType.INTERNSHIP
    assert parsed.workplace is Workplace.HYBRID  # lavoro ibrido
    assert names(parsed, Importance.MUST) == {"Python", "SQL"}
    assert names(parsed, Importance.NICE) == {"Docker", "PostgreSQL"}
    assert years(parsed) == {}


# Portuguese: "Diferenciais", R$ per month, CLT, 100% remoto


def test_a_portuguese_ad() -> None:
    parsed = parse_fixture("pt_desenvolvedor_remoto")

    assert parsed.title == "Desenvolvedor(a) Backend Pleno - Node.js"
    assert parsed.seniority is Seniority.MID
    assert parsed.responsibilities[0] == "Desenvolver e manter serviços em Node.js e TypeScript"
    assert len(parsed.must_have) == 3
    assert parsed.nice_to_have == ("Experiência com Kafka", "Vivência com AWS")
    assert len(parsed.benefits) == 4
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal(8_000), Decimal(10_000))
    assert (parsed.salary.currency, parsed.salary.period) == ("BRL", SalaryPeriod.MONTH)
    assert parsed.employment_type is EmploymentType.FULL_TIME
    assert parsed.workplace is Workplace.REMOTE
    assert names(parsed, Importance.MUST) == {"Node.js", "PostgreSQL", "Redis"}
    assert names(parsed, Importance.NICE) == {"Kafka", "AWS"}
    assert years(parsed) == {"Node.js": 3}
    assert parsed.report.terms_outside_requirements == ("TypeScript",)


# English in capitals with odd headings and "1)" / "1." numbering; pay without a period


def test_an_ad_with_shouted_odd_headings_and_numbered_items() -> None:
    parsed = parse_fixture("en_numbered_odd_headings")

    assert parsed.title == "PLATFORM ENGINEER, DATA INFRASTRUCTURE"
    assert parsed.summary == (
        "Harbour Labs builds tide and weather forecasts for shipping companies. You would join "
        "a team of five that keeps our data pipelines fast and boring.",
    )
    assert parsed.responsibilities == (
        "Own the ingestion services that pull sensor data from 3,000 buoys",
        "Keep our Kafka clusters healthy and cheap",
        "Pair with the forecasting team on new models",
    )
    assert parsed.must_have == (
        "3-5 years of experience with Python and Django",
        "Kafka (2+ years) and solid SQL",
        "Comfort with Linux and on-call rotations",
    )
    assert parsed.nice_to_have == ("You have written Go in production", "Terraform or Pulumi")
    assert parsed.benefits[0] == "£60k-£75k depending on experience"
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal(60_000), Decimal(75_000))
    assert (parsed.salary.currency, parsed.salary.period) == ("GBP", SalaryPeriod.YEAR)
    assert not parsed.salary.period_stated
    assert any("period not stated" in note for note in parsed.report.notes)
    assert parsed.employment_type is EmploymentType.FULL_TIME
    assert parsed.workplace is Workplace.HYBRID
    assert names(parsed, Importance.MUST) == {"Python", "Django", "Kafka", "SQL", "Linux"}
    assert names(parsed, Importance.NICE) == {"Go", "Terraform", "Pulumi"}
    # a range gives its lower end; "Kafka (2+ years)" are Kafka's years, not SQL's
    assert years(parsed) == {"Python": 3, "Django": 3, "Kafka": 2}
    # "Kafka" in the responsibilities is already a requirement
    assert parsed.report.terms_outside_requirements == ()


# One paragraph of prose, no headings, no bullets


def test_a_single_paragraph_without_headings() -> None:
    parsed = parse_fixture("en_plain_prose")

    assert parsed.title == "Senior Go Engineer"
    assert len(parsed.summary) == 1
    assert parsed.responsibilities == parsed.must_have == parsed.benefits == ()
    assert "no requirement section found; requirements taken from the whole text" in (
        parsed.report.notes
    )
    assert names(parsed, Importance.MUST) == {"Go", "PostgreSQL"}
    assert names(parsed, Importance.NICE) == {"Kafka"}  # "experience with Kafka would be a plus"
    assert requirements(parsed)["Go"].min_years == 4
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal(50_000), Decimal(50_000))
    assert (parsed.salary.currency, parsed.salary.period) == ("EUR", SalaryPeriod.YEAR)
    # "invoices for freelancers" says nothing about this job's contract
    assert parsed.employment_type is EmploymentType.FULL_TIME
    assert parsed.workplace is Workplace.REMOTE


# Markdown: "# title", "## heading", "**heading**", "*" bullets; an hourly contract


def test_a_markdown_ad_for_an_hourly_contract() -> None:
    parsed = parse_fixture("en_markdown_contract_hourly")

    assert parsed.title == "Contract Frontend Developer (React)"
    assert [s.heading for s in parsed.sections] == [
        "About the role",
        "What you'll do",
        "Requirements",
        "Nice to have",
        "Compensation",
    ]
    assert parsed.must_have[0] == "4+ years of professional experience with React and TypeScript"
    assert parsed.nice_to_have == ("Next.js", "Some Node.js")
    assert parsed.benefits[0] == "$45/hour, paid every two weeks"
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal(45), Decimal(45))
    assert (parsed.salary.currency, parsed.salary.period) == ("USD", SalaryPeriod.HOUR)
    assert parsed.employment_type is EmploymentType.CONTRACT
    assert parsed.workplace is Workplace.REMOTE
    assert names(parsed, Importance.MUST) == {"React", "TypeScript", "GraphQL"}
    assert names(parsed, Importance.NICE) == {"Next.js", "Node.js"}
    assert years(parsed) == {"React": 4, "TypeScript": 4}
    assert parsed.report.unmatched_requirement_lines == ("Strong eye for accessibility (WCAG 2.1)",)


# A job site's page copied whole: chrome to drop, labelled facts at the end


def test_a_job_sites_page_with_its_chrome() -> None:
    parsed = parse_fixture("en_job_site_chrome")

    assert parsed.title == "Customer Support Engineer"
    assert parsed.report.dropped_lines == (
        "Show more",
        "Apply now",
        "Posted 3 days ago",
        "Job ID: BW-20931",
        "Show less",
        "Report this job",
    )
    assert "Apply now" not in parsed.description
    assert parsed.responsibilities[1] == (
        "Write SQL queries against customer databases to diagnose data problems"
    )
    assert parsed.must_have == (
        "2+ years in a technical support or QA role",
        "Working knowledge of SQL and PostgreSQL",
        "Clear written English",
    )
    assert parsed.report.facts == (
        ("Job Type", "Part-time"),
        ("Pay", "$25.50 - $30.00 per hour"),
        ("Work Location", "Remote"),
    )
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max) == (Decimal("25.50"), Decimal(30))
    assert (parsed.salary.currency, parsed.salary.period) == ("USD", SalaryPeriod.HOUR)
    assert parsed.employment_type is EmploymentType.PART_TIME
    assert parsed.workplace is Workplace.REMOTE
    found = requirements(parsed)
    assert set(found) == {"technical support", "SQL", "PostgreSQL", "English"}
    assert found["technical support"].min_years == 2
    assert not found["technical support"].known
