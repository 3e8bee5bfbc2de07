"""The parser's parts: catalogue terms, headings, bullets, language, workplace,
employment type, boilerplate, and the input it refuses."""

from __future__ import annotations

from decimal import Decimal

import pytest

from application.job_text import MAX_TEXT_CHARS, SectionKind, parse_job_text
from application.job_text.boilerplate import is_boilerplate
from application.job_text.headings import read_heading
from application.job_text.language import detect_language
from application.job_text.terms import TermMatcher
from application.job_text.text_lines import Line, check_text, split_lines
from application.job_text.work_conditions import find_employment_type, find_workplace
from domain.errors import InvariantViolated
from domain.posting_values import EmploymentType, Workplace

TERMS = {
    "postgresql": "PostgreSQL",
    "postgres": "PostgreSQL",
    "node.js": "Node.js",
    "nodejs": "Node.js",
    "node": "Node.js",
    "kafka": "Kafka",
    "ruby on rails": "Ruby on Rails",
    "rails": "Ruby on Rails",
    "ruby": "Ruby",
    "java": "Java",
    "javascript": "JavaScript",
    "c": "C",
    "c++": "C++",
    "c#": "C#",
    ".net": ".NET",
    "go": "Go",
    "golang": "Go",
    "ai": "Artificial Intelligence",
    "event-driven architecture": "Event-Driven Architecture",
    "grpc": "gRPC",
}


def found(text: str) -> list[str]:
    return [hit.name for hit in TermMatcher(TERMS).find(text)]


# Catalogue terms


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Java, Kafka, gRPC", ["Java", "Kafka", "gRPC"]),
        ("Strong Node.js skills", ["Node.js"]),
        ("NodeJS and Postgres", ["Node.js", "PostgreSQL"]),
        ("We use node and PostgreSQL.", ["Node.js", "PostgreSQL"]),
        ("Ruby on Rails (preferred)", ["Ruby on Rails"]),
        ("Rails or plain Ruby", ["Ruby on Rails", "Ruby"]),
        ("C++ and C# and C", ["C++", "C#", "C"]),
        ("C#/.NET", ["C#", ".NET"]),
        ("JavaScript is not Java", ["JavaScript", "Java"]),
        ("Java/Spring, Python/Django", ["Java"]),
        ("Java-Erfahrung", ["Java"]),
        (
            "event driven architecture and event-driven architecture",
            ["Event-Driven Architecture"] * 2,
        ),
        ("Go, golang, GO", ["Go", "Go", "Go"]),
        ("ready to go", []),  # a two-letter term must be written as a name
        ("AI-powered courses, but we said it", ["Artificial Intelligence"]),
        ("postgresql's planner", ["PostgreSQL"]),
        ("Kafkaesque", []),
    ],
)
def test_catalogue_terms_are_found_as_whole_words(text: str, names: list[str]) -> None:
    assert found(text) == names


def test_an_empty_catalogue_finds_nothing() -> None:
    assert TermMatcher({}).find("Java and Kafka") == []


# Headings


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Requirements:", SectionKind.MUST_HAVE),
        ("Required qualifications", SectionKind.MUST_HAVE),
        ("What we're looking for", SectionKind.MUST_HAVE),
        ("What we\u2019re looking for in a Senior Backend Engineer:", SectionKind.MUST_HAVE),
        ("Nice to have:", SectionKind.NICE_TO_HAVE),
        ("Preferred qualifications", SectionKind.NICE_TO_HAVE),
        ("Bonus points", SectionKind.NICE_TO_HAVE),
        ("What we offer:", SectionKind.BENEFITS),
        ("Benefits", SectionKind.BENEFITS),
        ("Perks & pay", SectionKind.BENEFITS),
        ("At Acme we want you to enjoy some great benefits:", SectionKind.BENEFITS),
        ("Key responsibilities", SectionKind.RESPONSIBILITIES),
        ("Job Responsibility:", SectionKind.RESPONSIBILITIES),
        ("What does a Data Engineer do at Acme?", SectionKind.RESPONSIBILITIES),
        ("What you'll do", SectionKind.RESPONSIBILITIES),
        ("Our tech stack:", SectionKind.STACK),
        ("What happens next", SectionKind.PROCESS),
        ("About the job", SectionKind.SUMMARY),
        ("About Acme:", SectionKind.SUMMARY),
        # fr
        ("Vos missions", SectionKind.RESPONSIBILITIES),
        ("Profil recherché", SectionKind.MUST_HAVE),
        ("Les plus", SectionKind.NICE_TO_HAVE),
        ("Ce que nous offrons :", SectionKind.BENEFITS),
        # de
        ("Deine Aufgaben", SectionKind.RESPONSIBILITIES),
        ("Das bringst du mit", SectionKind.MUST_HAVE),
        ("Wünschenswert", SectionKind.NICE_TO_HAVE),
        ("Was wir bieten", SectionKind.BENEFITS),
        ("Über uns", SectionKind.SUMMARY),
        # es
        ("Responsabilidades:", SectionKind.RESPONSIBILITIES),
        ("Requisitos", SectionKind.MUST_HAVE),
        ("Se valorará", SectionKind.NICE_TO_HAVE),
        ("¿Qué ofrecemos?", SectionKind.BENEFITS),
        # it
        ("Cosa farai", SectionKind.RESPONSIBILITIES),
        ("Requisiti richiesti", SectionKind.MUST_HAVE),
        ("Costituisce un plus", SectionKind.NICE_TO_HAVE),
        ("Cosa offriamo", SectionKind.BENEFITS),
        # pt
        ("Atribuições", SectionKind.RESPONSIBILITIES),
        ("Requisitos obrigatórios", SectionKind.MUST_HAVE),
        ("Diferenciais", SectionKind.NICE_TO_HAVE),
        ("Benefícios", SectionKind.BENEFITS),
        # nl
        ("Wat ga je doen?", SectionKind.RESPONSIBILITIES),
        ("Wat vragen wij?", SectionKind.MUST_HAVE),
        ("Een pre", SectionKind.NICE_TO_HAVE),
        ("Wat bieden wij?", SectionKind.BENEFITS),
        # markup
        ("## Requirements", SectionKind.MUST_HAVE),
        ("**Nice to have**", SectionKind.NICE_TO_HAVE),
        ("BENEFITS", SectionKind.BENEFITS),
    ],
)
def test_headings_are_recognised_in_seven_languages(text: str, kind: SectionKind) -> None:
    (line,) = split_lines(text)
    heading = read_heading(line)

    assert heading is not None
    assert heading.kind is kind


@pytest.mark.parametrize(
    "text",
    [
        "Experience with Kafka and PostgreSQL",
        "About 120 million people use our app",
        "- Requirements engineering with stakeholders",
        "We offer great coffee and a view of the harbour, every single day of the year.",
    ],
)
def test_sentences_and_items_are_no_headings(text: str) -> None:
    (line,) = split_lines(text)

    assert read_heading(line) is None


def test_a_heading_may_carry_its_first_item() -> None:
    (line,) = split_lines("Skills: Java, Kafka, gRPC")
    heading = read_heading(line)

    assert heading is not None
    assert (heading.kind, heading.text, heading.rest) == (
        SectionKind.MUST_HAVE,
        "Skills",
        "Java, Kafka, gRPC",
    )


def test_an_unknown_short_heading_opens_a_section_the_report_names() -> None:
    parsed = parse_job_text(
        "We build boats.\n\nOur culture:\nWe row together on Fridays.\n\nRequirements:\n- Java",
        TERMS,
    )

    assert parsed.report.unrecognised_headings == ("Our culture",)
    assert parsed.report.unplaced_lines == ("We row together on Fridays.",)
    assert parsed.must_have == ("Java",)


def test_a_colon_line_inside_a_list_stays_an_item_of_the_list() -> None:
    parsed = parse_job_text("Requirements:\n- Java\nExperience with:\n- Kafka", TERMS)

    assert parsed.must_have == ("Java", "Experience with:", "Kafka")
    assert parsed.report.unrecognised_headings == ()


# Lines and bullets


def test_bullets_numbers_and_markup_are_taken_off_the_lines() -> None:
    lines = split_lines(
        "- dash\n• dot\n* star\n1. one\n2) two\n(3) three\na) letter\n✅ emoji\n"
        "**bold** text\nno bullet\n5+ years\n1.5 years"
    )

    assert [line.text for line in lines] == [
        "dash",
        "dot",
        "star",
        "one",
        "two",
        "three",
        "letter",
        "emoji",
        "bold text",
        "no bullet",
        "5+ years",
        "1.5 years",
    ]
    assert [line.bulleted for line in lines] == [True] * 8 + [False] * 4


def test_a_line_of_inline_bullets_becomes_one_item_each() -> None:
    lines = split_lines("Skills: • Java • Kafka • gRPC")

    assert [line.text for line in lines] == ["Skills:", "Java", "Kafka", "gRPC"]


def test_pasted_whitespace_is_evened_out() -> None:
    (line,) = split_lines(check_text("\ufeffSenior\u00a0Engineer\u200b \t (Backend)\r\n"))

    assert isinstance(line, Line)
    assert line.text == "Senior Engineer (Backend)"


# Language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We are looking for an engineer with experience in Java who will join our team.", "en"),
        ("Nous recherchons un développeur pour rejoindre notre équipe à Lyon.", "fr"),
        ("Wir suchen eine Entwicklerin mit Erfahrung für unser Team in Berlin.", "de"),
        ("Buscamos una persona con experiencia para nuestro equipo de datos.", "es"),
        ("Cerchiamo una persona con esperienza per il nostro team di sviluppo.", "it"),
        ("Procuramos uma pessoa com experiência para a nossa equipe de dados.", "pt"),
        ("Wij zoeken een ontwikkelaar met ervaring voor ons team in Utrecht.", "nl"),
    ],
)
def test_the_language_is_detected_from_common_words(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_too_few_words_give_no_language() -> None:
    assert detect_language("Kafka, gRPC") is None


# Workplace and employment type


@pytest.mark.parametrize(
    ("line", "workplace"),
    [
        ("Work Location: In person", Workplace.ONSITE),
        ("This is a remote-first company", Workplace.REMOTE),
        ("Fully remote within the EU", Workplace.REMOTE),
        ("Hybrid: 3 days a week in our Bristol office", Workplace.HYBRID),
        ("2 jours de télétravail par semaine", Workplace.HYBRID),
        ("100 % télétravail", Workplace.REMOTE),
        ("Homeoffice möglich", Workplace.HYBRID),
        ("100% Homeoffice", Workplace.REMOTE),
        ("Trabajo en remoto", Workplace.REMOTE),
        ("Modelo híbrido", Workplace.HYBRID),
        ("Lavoro in sede a Milano", Workplace.ONSITE),
        ("This role is not remote", Workplace.ONSITE),
        ("Op kantoor in Utrecht", Workplace.ONSITE),
    ],
)
def test_the_workplace_of_a_line(line: str, workplace: Workplace) -> None:
    signal = find_workplace([(line, 2)])

    assert signal is not None
    assert signal.workplace is workplace


def test_hybrid_outranks_remote_and_a_labelled_line_outranks_both() -> None:
    both = find_workplace([("Remote work stipend", 1), ("We work in a hybrid model", 1)])
    labelled = find_workplace([("Work Location: In person", 3), ("Hybrid team", 2)])

    assert both is not None
    assert both.workplace is Workplace.HYBRID
    assert labelled is not None
    assert labelled.workplace is Workplace.ONSITE


@pytest.mark.parametrize(
    ("line", "language", "kind"),
    [
        ("Full-time, permanent", "en", EmploymentType.FULL_TIME),
        ("Un CDI à temps plein", "fr", EmploymentType.FULL_TIME),
        ("Vollzeit oder Teilzeit", "de", EmploymentType.FULL_TIME),
        ("Teilzeit (20 Stunden)", "de", EmploymentType.PART_TIME),
        ("Contrato indefinido", "es", EmploymentType.FULL_TIME),
        ("This is a contract position", "en", EmploymentType.CONTRACT),
        ("Freelance mission of 6 months", "fr", EmploymentType.CONTRACT),
        ("Fixed-term contract for 12 months", "en", EmploymentType.TEMPORARY),
        ("Befristet auf 2 Jahre", "de", EmploymentType.TEMPORARY),
        ("Stage de fin d'études", "fr", EmploymentType.INTERNSHIP),
        ("Summer internship", "en", EmploymentType.INTERNSHIP),
        ("Deeltijd, 24 uur", "nl", EmploymentType.PART_TIME),
    ],
)
def test_the_employment_type_of_a_line(line: str, language: str, kind: EmploymentType) -> None:
    assert find_employment_type([], [line], language) is kind


def test_stage_is_an_internship_only_where_the_word_means_one() -> None:
    assert find_employment_type([], ["an early stage startup"], "en") is None
    assert find_employment_type([], ["Stage de six mois"], "fr") is EmploymentType.INTERNSHIP


def test_a_labelled_line_decides_the_employment_type() -> None:
    kind = find_employment_type(["Contract"], ["Full-time hours"], "en")

    assert kind is EmploymentType.CONTRACT


# Boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "This list contains only the countries for which job offers have been published in the "
        "selected language (e.g., in the French version, only job offers written in French).",
        "Show more",
        "Apply now",
        "Posted 2 weeks ago",
        "Report this job",
        "Job ID: 4711",
        "Over 200 applicants",
    ],
)
def test_job_site_chrome_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line)


def test_lines_about_the_job_are_no_boilerplate() -> None:
    assert not is_boilerplate("Apply your Kafka skills to real-time payments")
    assert not is_boilerplate("Show your work in code reviews")


# Input the parser refuses


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "text must not be empty"),
        ("   \n\t\n", "text must not be empty"),
        ("12345 67890", "text must not be empty"),
        ("x" * (MAX_TEXT_CHARS + 1), f"text must be at most {MAX_TEXT_CHARS} characters"),
        ("Senior Engineer\x00\x01\x02", "text must be readable text, not binary data"),
        (bytes(range(256)).decode("latin-1") * 4, "text must be readable text, not binary data"),
        ("Show more\nApply now", "text holds no job description"),
    ],
)
def test_empty_oversized_and_binary_input_is_refused(text: str, message: str) -> None:
    with pytest.raises(InvariantViolated) as raised:
        parse_job_text(text, TERMS)

    assert raised.value.field == "text"
    assert raised.value.message == message


# Title and labelled facts


def test_the_title_may_stand_below_the_companys_name() -> None:
    parsed = parse_job_text(
        "Brightwell Software\nSupport Engineer (m/w/d)\n\nWe fix things.", TERMS
    )

    assert parsed.title == "Support Engineer (m/w/d)"
    assert parsed.summary == ("Brightwell Software", "We fix things.")


def test_a_first_sentence_is_no_title() -> None:
    parsed = parse_job_text(
        "We need engineers who love boats and can keep a fleet of services afloat.", TERMS
    )

    assert parsed.title is None
    assert "title" in parsed.report.not_found


def test_labelled_facts_fill_their_fields() -> None:
    parsed = parse_job_text(
        "Job title: Data Engineer\n"
        "Location: Bristol, United Kingdom\n"
        "Remote: yes\n"
        "Experience level: Mid-level\n"
        "Contract type: Fixed-term, 12 months\n"
        "Salary: 55,000 - 65,000 GBP\n\n"
        "We move data.",
        TERMS,
    )

    assert parsed.title == "Data Engineer"
    assert parsed.location == "Bristol, United Kingdom"
    assert parsed.workplace is Workplace.REMOTE
    assert parsed.seniority == "mid"
    assert parsed.employment_type is EmploymentType.TEMPORARY
    assert parsed.salary is not None
    assert (parsed.salary.min, parsed.salary.max, parsed.salary.currency) == (
        Decimal(55_000),
        Decimal(65_000),
        "GBP",
    )
    assert parsed.summary == ("We move data.",)
    assert [label for label, _ in parsed.report.facts] == [
        "Job title",
        "Location",
        "Remote",
        "Experience level",
        "Contract type",
        "Salary",
    ]


def test_the_report_lists_what_was_found_and_what_was_not() -> None:
    parsed = parse_job_text("Requirements:\n- Java\n- Kafka\n- A sense of humour", TERMS)

    report = parsed.report.as_dict()
    assert report["found"] == ["must_have", "requirements"]
    assert "salary" in parsed.report.not_found
    assert report["headings"] == [{"text": "Requirements", "section": "must_have"}]
    assert report["unmatched_requirement_lines"] == ["A sense of humour"]
