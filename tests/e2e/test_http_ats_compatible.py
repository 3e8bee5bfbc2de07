"""The ATS-compatible read endpoints over HTTP: a company's public postings in the shapes
the Greenhouse Job Board API and the Lever Postings API document, field for field, with
their filters, and only what is public.

Field lists from the public documentation: Greenhouse's "Job Board API" (List Jobs, Retrieve
Job, List Departments, List Offices) and Lever's "Postings API" (postings, categories,
lists, salaryRange)."""

from __future__ import annotations

import httpx

from e2e.board import published, until_gone, until_listed, verified_employer

GREENHOUSE_JOB = {
    "id", "internal_job_id", "title", "updated_at", "requisition_id", "location",
    "absolute_url", "language", "metadata",
}  # fmt: skip
GREENHOUSE_CONTENT = {"content", "departments", "offices"}
GREENHOUSE_PAY = {"min_cents", "max_cents", "currency_type", "title", "blurb"}
GREENHOUSE_DEPARTMENT = {"id", "name", "parent_id", "child_ids", "jobs"}
GREENHOUSE_OFFICE = {"id", "name", "location", "parent_id", "child_ids", "departments"}
LEVER_POSTING = {
    "id", "text", "categories", "country", "workplaceType", "description", "descriptionPlain",
    "lists", "additional", "additionalPlain", "hostedUrl", "applyUrl", "createdAt",
    "salaryRange",
}  # fmt: skip
LONDON_APPLY_URL = "https://jobs.example.com/apply"  # posting_body's method
LEVER_CATEGORIES = {"location", "commitment", "team", "department", "allLocations"}


async def _company(client: httpx.AsyncClient, admin: dict[str, str]) -> tuple[str, str, str]:
    employer = await verified_employer(client, admin, "Widget Works")
    london = await published(client, employer, title="Backend engineer <London>")
    berlin = await published(
        client,
        employer,
        title="Platform engineer",
        locations=[{"country": "DE", "city": "Berlin"}],
        employment_type="contract",
        salary={"min": 500, "max": 700, "currency": "EUR", "period": "day"},
        application_method={"kind": "board"},
    )
    other = await verified_employer(client, admin, "Elsewhere Inc")
    await until_listed(client, {london, berlin, await published(client, other)})
    return "widget-works", london, berlin


async def test_greenhouse_jobs_have_the_documented_fields(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    slug, london, berlin = await _company(client, admin_headers)

    plain = (await client.get(f"/compat/greenhouse/v1/boards/{slug}/jobs")).json()
    full = (await client.get(f"/compat/greenhouse/v1/boards/{slug}/jobs?content=true")).json()

    assert plain["meta"] == {"total": 2}
    assert [j["id"] for j in plain["jobs"]] == [berlin, london]  # newest first, theirs only
    for job in plain["jobs"]:
        assert set(job) >= GREENHOUSE_JOB
        assert not GREENHOUSE_CONTENT & set(job)
    assert plain["jobs"][0]["location"] == {"name": "Berlin, Germany"}
    assert plain["jobs"][1]["absolute_url"] == f"http://localhost:8000/jobs/{london}"
    job = full["jobs"][1]
    assert set(job) >= GREENHOUSE_JOB | GREENHOUSE_CONTENT
    # HTML escaped as entities, as Greenhouse sends it; the title's markup escaped within.
    assert job["content"].startswith("&lt;p&gt;")
    assert job["departments"][0]["name"] == "No Department"
    assert job["offices"][0]["name"] == "London, United Kingdom"


async def test_greenhouse_one_job_with_questions_and_pay_and_the_lists(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    slug, london, berlin = await _company(client, admin_headers)
    base = f"/compat/greenhouse/v1/boards/{slug}"

    job = (await client.get(f"{base}/jobs/{berlin}?questions=true&pay_transparency=true")).json()
    departments = (await client.get(f"{base}/departments")).json()["departments"]
    offices = (await client.get(f"{base}/offices")).json()["offices"]

    assert GREENHOUSE_JOB | GREENHOUSE_CONTENT | {"questions", "pay_input_ranges"} <= set(job)
    assert set(job["pay_input_ranges"][0]) == GREENHOUSE_PAY
    assert job["pay_input_ranges"][0]["min_cents"] == 50000
    assert job["pay_input_ranges"][0]["currency_type"] == "EUR"
    assert [set(d) for d in departments] == [GREENHOUSE_DEPARTMENT]
    assert {j["id"] for j in departments[0]["jobs"]} == {london, berlin}
    assert all(set(o) == GREENHOUSE_OFFICE for o in offices)
    assert {o["name"]: [j["id"] for j in o["departments"][0]["jobs"]] for o in offices} == {
        "Berlin, Germany": [berlin],
        "London, United Kingdom": [london],
    }
    # Applied to on the board: the board's form, as Greenhouse lists questions.
    asked = {q["fields"][0]["name"]: q["required"] for q in job["questions"]}
    assert asked["email"] is True
    assert asked["consent_to_retention"] is True
    assert all(set(q) >= {"required", "label", "fields"} for q in job["questions"])
    elsewhere = (await client.get(f"{base}/jobs/{london}?questions=true")).json()
    assert elsewhere["questions"] == []  # applied to on the employer's own page


async def test_lever_postings_have_the_documented_fields_and_filters(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    slug, london, berlin = await _company(client, admin_headers)
    base = f"/compat/lever/v0/postings/{slug}"

    everything = (await client.get(f"{base}?mode=json")).json()
    contracts = (await client.get(f"{base}?mode=json&commitment=Contract")).json()
    in_london = (await client.get(f"{base}?location=London, United Kingdom")).json()
    paged = (await client.get(f"{base}?skip=1&limit=1")).json()
    grouped = (await client.get(f"{base}?group=commitment")).json()
    by_team = (await client.get(f"{base}?team=Platform")).json()

    assert [p["id"] for p in everything] == [berlin, london]
    for posting in everything:
        assert set(posting) == LEVER_POSTING
        assert set(posting["categories"]) == LEVER_CATEGORIES
    platform = everything[0]
    assert platform["text"] == "Platform engineer"
    assert platform["categories"]["commitment"] == "Contract"
    assert platform["country"] == "DE"
    assert platform["workplaceType"] == "hybrid"
    assert platform["salaryRange"] == {
        "currency": "EUR", "interval": "per-day-wage", "min": 500.0, "max": 700.0,
    }  # fmt: skip
    assert [item["text"] for item in platform["lists"]] == [
        "Responsibilities", "Requirements", "Nice to have",
    ]  # fmt: skip
    assert "<li>Design services</li>" in platform["lists"][0]["content"]
    assert platform["descriptionPlain"] == "Build and run the APIs behind our product."
    assert platform["additionalPlain"] == "- Pension"
    assert platform["applyUrl"] == platform["hostedUrl"]  # applied to on the board
    assert everything[1]["applyUrl"] == LONDON_APPLY_URL
    assert [p["id"] for p in contracts] == [berlin]
    assert [p["id"] for p in in_london] == [london]
    assert [p["id"] for p in paged] == [london]
    assert {g["title"]: [p["id"] for p in g["postings"]] for g in grouped} == {
        "Contract": [berlin],
        "Full-time": [london],
    }
    assert by_team == []  # the board has no teams


async def test_only_public_postings_of_public_companies_and_clear_problems(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    slug, london, berlin = await _company(client, admin_headers)
    taken = await client.post(
        f"/v1/admin/postings/{berlin}/take-down", json={"reason": "spam"}, headers=admin_headers
    )
    assert taken.status_code == 200, taken.text
    await until_gone(client, berlin)

    jobs = (await client.get(f"/compat/greenhouse/v1/boards/{slug}/jobs")).json()
    gone = await client.get(f"/compat/greenhouse/v1/boards/{slug}/jobs/{berlin}")
    unknown = await client.get("/compat/lever/v0/postings/no-such-company")
    bad_mode = await client.get(f"/compat/lever/v0/postings/{slug}?mode=html")
    bad_group = await client.get(f"/compat/lever/v0/postings/{slug}?group=salary")

    assert [j["id"] for j in jobs["jobs"]] == [london]
    assert gone.status_code == 404
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert bad_mode.status_code == 400
    assert "mode" in bad_mode.text
    assert bad_group.status_code == 400
    assert "group" in bad_group.text


async def test_a_slug_is_read_as_the_company_page_reads_it(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    slug, london, berlin = await _company(client, admin_headers)

    upper = await client.get(f"/compat/lever/v0/postings/{slug.upper()}")
    nul = await client.get("/compat/greenhouse/v1/boards/%00/jobs")
    long = await client.get("/compat/lever/v0/postings/" + "x" * 500)

    assert [p["id"] for p in upper.json()] == [berlin, london]
    assert nul.status_code == 400
    assert long.status_code == 400
