"""Every public posting's JSON-LD is a JobPosting Google for Jobs accepts: the four seeds,
loaded on a real database, and postings of every workplace, with and without pay.

The property lists are Google Search Central's "Job posting (JobPosting) structured data":
its required properties, and the recommended ones the board can always give."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx

from adapters.container import Container
from adapters.seeding import load_seeds
from builders import AN_ADMIN
from e2e.board import Employer, assert_problem, draft, publish, published, until_listed, verify

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Required by Google for every JobPosting.
REQUIRED = ("title", "description", "datePosted", "hiringOrganization")
# jobLocation is required too, except for a fully remote job, which instead needs both of:
REMOTE_REQUIRED = ("jobLocationType", "applicantLocationRequirements")
# Recommended by Google; baseSalary only when the employer states the pay.
RECOMMENDED = ("validThrough", "employmentType", "identifier", "directApply")
EMPLOYMENT_TYPES = {
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
}
SALARY_UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}
BASE_URL = "http://localhost:8000"  # the default public address (JOBBOARD_PUBLIC_BASE_URL)


def google_objections(document: dict[str, Any], detail: dict[str, Any]) -> list[str]:
    """What Google's JobPosting rules find wrong in ``document``, the JSON-LD of the public
    posting ``detail``; empty when it is eligible."""
    wrong: list[str] = []
    if document.get("@type") != "JobPosting" or "schema.org" not in document.get("@context", ""):
        wrong.append("not a schema.org JobPosting")
    wrong += [f"required {p} missing" for p in REQUIRED if not document.get(p)]
    remote = document.get("jobLocationType") == "TELECOMMUTE"
    if remote:
        wrong += [f"remote job lacks {p}" for p in REMOTE_REQUIRED if not document.get(p)]
    elif not document.get("jobLocation"):
        wrong.append("jobLocation missing on a job that is not fully remote")
    wrong += [f"recommended {p} missing" for p in RECOMMENDED if p not in document]
    if detail["salary"] is not None and "baseSalary" not in document:
        wrong.append("recommended baseSalary missing though the posting states its pay")

    if document.get("description") == document.get("title"):
        wrong.append("description is only the title")
    if not re.match(r"^<(p|ul)>", document.get("description", "")):
        wrong.append("description is not HTML paragraphs or lists")
    try:
        date.fromisoformat(document.get("datePosted", ""))
        datetime.fromisoformat(document.get("validThrough", "").replace("Z", "+00:00"))
    except ValueError:
        wrong.append("datePosted or validThrough is not ISO 8601")
    if document.get("employmentType") not in EMPLOYMENT_TYPES:
        wrong.append(f"employmentType {document.get('employmentType')!r} is not Google's")
    organization = document.get("hiringOrganization", {})
    if organization.get("@type") != "Organization" or not organization.get("name"):
        wrong.append("hiringOrganization is not a named Organization")
    identifier = document.get("identifier", {})
    if identifier.get("@type") != "PropertyValue" or not identifier.get("value"):
        wrong.append("identifier is not a PropertyValue with a value")
    if not isinstance(document.get("directApply"), bool):
        wrong.append("directApply is not a boolean")
    for place in document.get("jobLocation", []):
        address = place.get("address", {})
        if place.get("@type") != "Place" or address.get("@type") != "PostalAddress":
            wrong.append("jobLocation is not a Place with a PostalAddress")
        if not re.fullmatch(r"[A-Z]{2}", address.get("addressCountry", "")):
            wrong.append("addressCountry is not an ISO alpha-2 code")
    for area in document.get("applicantLocationRequirements", []):
        name = area.get("name", "")
        if area.get("@type") != "Country" or len(name) <= 2:
            wrong.append(f"applicantLocationRequirements {area!r} is not a named Country")
    if "baseSalary" in document:
        salary = document["baseSalary"]
        value = salary.get("value", {})
        if salary.get("@type") != "MonetaryAmount" or not salary.get("currency"):
            wrong.append("baseSalary is not a MonetaryAmount with a currency")
        if value.get("@type") != "QuantitativeValue" or value.get("unitText") not in SALARY_UNITS:
            wrong.append("baseSalary value is not a QuantitativeValue per Google's unit")
        if not 0 < value.get("minValue", 0) <= value.get("maxValue", 0):
            wrong.append("baseSalary range is empty")
    if not document.get("url", "").startswith(BASE_URL + "/"):
        wrong.append("url is not the posting's public page")
    return wrong


async def _employer(
    client: httpx.AsyncClient, admin: dict[str, str], name: str, website: str
) -> Employer:
    response = await client.post(
        "/v1/companies", json={"name": name, "country": "PT", "website": website}
    )
    assert response.status_code == 201, response.text
    company = response.json()["company"]
    employer = Employer(company["id"], name, company["slug"], response.json()["api_key"])
    await verify(client, admin, employer)
    return employer


async def test_every_public_posting_is_a_job_posting_google_accepts(
    container: Container, client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    report = await load_seeds(container.application(), SEEDS, AN_ADMIN)
    assert len(report.postings_created) == 4
    employer = await _employer(
        client, admin_headers, "Atlantic Robotics", "https://atlantic.example"
    )
    hourly = {"min": 40, "max": 55, "currency": "EUR", "period": "hour"}
    variants = {
        await published(
            client,
            employer,
            title="Remote engineer, EU",
            workplace="remote",
            locations=[],
            remote_countries=["PT", "ES", "FR"],
            salary=hourly,
        ),
        await published(
            client,
            employer,
            title="Remote engineer near the Lisbon office",
            workplace="remote",
            locations=[{"country": "PT", "city": "Lisbon"}],
            salary=None,
        ),
        await published(client, employer, title="Hybrid engineer"),
        await published(
            client,
            employer,
            title="Onsite technician",
            workplace="onsite",
            locations=[{"country": "PT", "city": "Porto"}, {"country": "ES", "city": "Vigo"}],
            salary=None,
            description="Keep the line running.\n\nWhat the day looks like:\n- Checks\n- Repairs",
        ),
    }
    listed = await until_listed(client, variants)
    assert len(listed) == 4 + len(variants)

    objections: dict[str, list[str]] = {}
    for posting_id in listed:
        detail = (await client.get(f"/v1/postings/{posting_id}")).json()
        response = await client.get(f"/v1/postings/{posting_id}/json-ld")
        assert response.status_code == 200, response.text
        document = response.json()
        objections[f"{detail['title']} at {detail['company']['slug']}"] = google_objections(
            document, detail
        )
        if detail["company"]["slug"] == employer.slug:
            assert document["hiringOrganization"]["sameAs"] == "https://atlantic.example"

    assert len(objections) == 4 + len(variants)
    assert objections == {posting: [] for posting in objections}, objections


async def test_a_remote_posting_naming_no_country_applicants_may_live_in_is_not_published(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await _employer(client, admin_headers, "Nowhere Ltd", "https://nowhere.example")
    posting = (
        await draft(client, employer, workplace="remote", locations=[], remote_countries=[])
    ).json()["id"]

    response = await publish(client, employer, posting)

    assert_problem(response, 422, "invariant-violated", fields={"remote_countries"})
