"""The pieces of the JSON-LD answer: a body a page can embed, the description as HTML,
country names, and the public address it links to."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from uuid import UUID

import pytest
from pydantic import ValidationError

from adapters.http.country_names import country_name
from adapters.http.job_description_html import description_html
from adapters.http.ld_json_body import ld_json
from adapters.http.public_links import PublicLinks
from adapters.settings import Settings
from application.views import CompanyRef, PostingDetail, RequirementView

POSTING_ID = UUID("01a25095-8c8b-76a6-8991-7c73f7de1def")


def a_detail(**overrides: object) -> PostingDetail:
    fields: dict[str, object] = {
        "id": POSTING_ID,
        "title": "Engineer",
        "company": CompanyRef("Acme", "acme"),
        "language": "en",
        "locations": (),
        "remote_countries": ("DE",),
        "workplace": "remote",
        "employment_type": "full_time",
        "seniority": None,
        "salary": None,
        "description": "We build things.",
        "responsibilities": (),
        "benefits": (),
        "requirements": (),
        "published_at": datetime(2026, 12, 1, tzinfo=UTC),
        "valid_through": datetime(2027, 1, 30, tzinfo=UTC),
    }
    fields.update(overrides)
    return PostingDetail(**fields)  # type: ignore[arg-type]


def test_an_ld_json_body_holds_no_character_that_could_end_a_script_element() -> None:
    document = {"title": "</script><script>alert('x & y')</script>", "note": "a\u2028b\u2029c"}

    body = ld_json(document)

    assert not {b"<", b">", b"&"} & {body[i : i + 1] for i in range(len(body))}
    assert "\u2028".encode() not in body and "\u2029".encode() not in body
    assert json.loads(body) == document


def test_the_description_keeps_paragraphs_and_bulleted_lines_as_html_lists() -> None:
    detail = a_detail(description="First <b>para</b>.\nSame para.\n\nSteps:\n- Apply\n- Talk")

    assert description_html(detail) == (
        "<p>First &lt;b&gt;para&lt;/b&gt;.<br>Same para.</p>"
        "<p>Steps:</p><ul><li>Apply</li><li>Talk</li></ul>"
    )


def test_the_description_lists_responsibilities_requirements_and_benefits() -> None:
    detail = a_detail(
        responsibilities=("Ship code",),
        requirements=(
            RequirementView("Go", "skill", "must", 5, None),
            RequirementView("Caching", "skill", "must", None, "Experience with caches & queues"),
            RequirementView("Queues", "skill", "must", None, "Experience with caches & queues"),
            RequirementView("Rust", "skill", "nice", None, "an example in the text"),
        ),
        benefits=("Pension",),
    )

    assert description_html(detail) == (
        "<p>We build things.</p>"
        "<p>Responsibilities</p><ul><li>Ship code</li></ul>"
        "<p>Requirements</p><ul><li>Go (5+ years)</li>"
        "<li>Experience with caches &amp; queues</li></ul>"
        "<p>Nice to have</p><ul><li>Rust</li></ul>"
        "<p>Benefits</p><ul><li>Pension</li></ul>"
    )


def test_section_headings_follow_the_posting_s_language() -> None:
    html = description_html(a_detail(language="fr", benefits=("Mutuelle",)))

    assert "<p>Avantages</p><ul><li>Mutuelle</li></ul>" in html


@pytest.mark.parametrize(
    ("code", "name"),
    [("DE", "Germany"), ("US", "United States"), ("GB", "United Kingdom"), ("KR", "South Korea")],
)
def test_a_country_is_named_as_people_name_it(code: str, name: str) -> None:
    assert country_name(code) == name


def test_a_posting_s_public_page_comes_from_the_configured_address() -> None:
    settings = Settings(public_base_url="https://jobs.example/board/", posting_path="/p/{id}")

    assert (
        PublicLinks.from_settings(settings).posting(POSTING_ID)
        == f"https://jobs.example/board/p/{POSTING_ID}"
    )


def test_the_default_public_page_is_on_localhost() -> None:
    assert PublicLinks.from_settings(Settings()).posting(POSTING_ID) == (
        f"http://localhost:8000/jobs/{POSTING_ID}"
    )


@pytest.mark.parametrize(
    "settings",
    [
        {"public_base_url": "jobs.example"},
        {"public_base_url": "ftp://jobs.example"},
        {"public_base_url": "https://jobs.example/?q=1"},
        {"posting_path": "jobs/{id}"},
        {"posting_path": "/jobs/"},
    ],
)
def test_a_public_address_or_posting_path_that_cannot_make_a_link_is_refused(
    settings: dict[str, str],
) -> None:
    with pytest.raises(ValidationError):
        Settings(**settings)  # type: ignore[arg-type]
