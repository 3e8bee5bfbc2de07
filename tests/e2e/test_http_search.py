"""The candidate's search over HTTP: text and relevance, pay, facets, cursors, the directory
questions (company pages, countries by language, languages, catalogue) and JSON-LD."""

from __future__ import annotations

from typing import Any

import httpx

from e2e.board import (
    Employer,
    assert_problem,
    public_ids,
    published,
    sign_up,
    suspend,
    until_gone,
    until_listed,
    verified_employer,
)


async def _pages(client: httpx.AsyncClient, query: str) -> list[list[str]]:
    """Every page of a search, following next_cursor."""
    pages: list[list[str]] = []
    url = f"/v1/postings?{query}"
    while True:
        body = (await client.get(url)).json()
        pages.append([item["id"] for item in body["items"]])
        if body["next_cursor"] is None:
            return pages
        url = f"/v1/postings?{query}&cursor={body['next_cursor']}"


async def test_text_search_ranks_a_title_match_above_a_description_match(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    in_title = await published(client, employer, title="Kafka Platform Engineer")
    in_text = await published(
        client, employer, title="Platform Engineer", description="You will also touch Kafka."
    )
    unrelated = await published(client, employer, title="Designer", description="Figma.")
    await until_listed(client, {in_title, in_text, unrelated})

    ranked = await public_ids(client, "q=kafka")

    assert ranked == [in_title, in_text]


async def test_text_search_reads_stems_in_the_posting_s_language(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    english = await published(client, employer, title="Engineers wanted", language="en")
    french = await published(
        client, employer, title="Développeuse backend", description="Nous recrutons.", language="fr"
    )
    await until_listed(client, {english, french})

    assert await public_ids(client, "q=engineer") == [english]
    assert await public_ids(client, "q=développeuses&language=fr") == [french]
    assert await public_ids(client, 'q="backend"%20-engineers') == [french]


async def test_an_excluded_word_stays_out_in_every_language_the_text_is_read_in(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    """Read in English "developer" is the stem "develop"; read as written (or in German) it
    is "developer": excluded in one reading only, the others brought developers back."""
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    developer = await published(client, employer, title="Python Developer", requirements=[])
    engineer = await published(client, employer, title="Python Engineer", requirements=[])
    german = await published(
        client,
        employer,
        title="Python Entwickler",
        description="Senior developer gesucht.",
        language="de",
        requirements=[],
    )
    await until_listed(client, {developer, engineer, german})

    assert set(await public_ids(client, "q=python")) == {developer, engineer, german}
    assert await public_ids(client, "q=python%20-developer") == [engineer]
    assert await public_ids(client, "q=python%20-developer&sort=newest") == [engineer]
    assert await public_ids(client, "q=python%20OR%20-developer") == [engineer]
    assert await public_ids(client, "q=python%20-developer&language=de") == []
    assert set(await public_ids(client, 'q=python%20-"senior%20developer"')) == {
        engineer,
        developer,
    }


async def test_cplusplus_and_csharp_are_told_apart(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    """The text-search parsers drop '+' and '#': C++ and C# were both the word "c"."""
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    cplusplus = await published(
        client,
        employer,
        title="Systems Engineer",
        description="Modern C++ on Linux.",
        requirements=[{"name": "C++", "importance": "must"}],
    )
    csharp = await published(
        client,
        employer,
        title="Backend Engineer",
        description="Services in C# on .NET.",
        requirements=[{"name": "C#", "importance": "must"}],
    )
    await until_listed(client, {cplusplus, csharp})

    assert await public_ids(client, "q=C%2B%2B") == [cplusplus]
    assert await public_ids(client, "q=c%2B%2B&language=en") == [cplusplus]
    assert await public_ids(client, "q=C%23") == [csharp]
    assert await public_ids(client, "q=.NET&sort=newest") == [csharp]
    assert await public_ids(client, "q=engineer%20-C%2B%2B") == [csharp]
    facets = (await client.get("/v1/postings?q=C%2B%2B&facets=requirement")).json()["facets"]
    assert facets["requirement"] == [{"value": "C++", "count": 1}]


async def test_newest_sort_with_text_keeps_only_matches_newest_first(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    older = await published(client, employer, title="Python Engineer", requirements=[])
    newer = await published(client, employer, title="Senior Python Developer", requirements=[])
    await published(client, employer, title="Accountant", description="Numbers.", requirements=[])
    await until_listed(client, {older, newer})

    assert await public_ids(client, "q=python&sort=newest") == [newer, older]


async def test_relevance_without_text_is_refused_naming_sort(client: httpx.AsyncClient) -> None:
    assert_problem(
        await client.get("/v1/postings?sort=relevance"), 400, "invalid-parameter", fields={"sort"}
    )
    assert_problem(
        await client.get("/v1/postings?sort=oldest"), 400, "invalid-parameter", fields={"sort"}
    )


async def test_relevance_pages_walk_every_match_once_even_when_postings_arrive_between_pages(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    matches = {
        await published(client, employer, title=f"Rust engineer {n}", description="Rust " * n)
        for n in range(1, 6)
    }
    await until_listed(client, matches)

    first = (await client.get("/v1/postings?q=rust&limit=2")).json()
    late = await published(client, employer, title="Rust Rust Rust lead")
    await until_listed(client, {late})
    rest = await _pages(client, f"q=rust&limit=2&cursor={first['next_cursor']}")

    walked = [item["id"] for item in first["items"]] + [i for page in rest for i in page]
    assert len(walked) == len(set(walked))
    assert set(walked) == matches  # the late posting is outside the walk's window


async def test_pay_filter_compares_annualised_pay_in_the_currency_asked(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    hourly = await published(
        client,
        employer,
        title="Hourly",
        salary={"min": 40, "max": 50, "currency": "GBP", "period": "hour"},
    )  # up to 104,000 a year
    yearly = await published(
        client,
        employer,
        title="Yearly",
        salary={"min": 60000, "max": 80000, "currency": "GBP", "period": "year"},
    )
    euros = await published(
        client,
        employer,
        title="Euros",
        salary={"min": 90000, "max": 120000, "currency": "EUR", "period": "year"},
    )
    await until_listed(client, {hourly, yearly, euros})

    assert await public_ids(client, "salary_min=100000&currency=GBP") == [hourly]
    assert set(await public_ids(client, "salary_min=70000&currency=gbp")) == {hourly, yearly}
    assert await public_ids(client, "salary_min=100000&currency=EUR") == [euros]
    assert_problem(
        await client.get("/v1/postings?salary_min=1000"),
        400,
        "invalid-parameter",
        fields={"currency"},
    )
    assert_problem(
        await client.get("/v1/postings?salary_min=1&currency=XYZ"),
        400,
        "invalid-parameter",
        fields={"currency"},
    )


async def test_city_seniority_and_recency_filters(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    london = await published(client, employer, title="London", seniority="senior")
    paris = await published(
        client,
        employer,
        title="Paris",
        locations=[{"country": "FR", "city": "Paris"}],
        seniority="junior",
    )
    await until_listed(client, {london, paris})

    assert await public_ids(client, "city=Paris") == [paris]
    assert await public_ids(client, "seniority=senior") == [london]
    assert set(await public_ids(client, "posted_within_days=1")) == {london, paris}


async def test_facet_counts_ignore_their_own_group_s_filter(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    acme = await verified_employer(client, admin_headers, "Acme Ltd")
    globex = await verified_employer(client, admin_headers, "Globex")
    ids = {
        await published(client, acme, title="A", workplace="hybrid"),
        await published(
            client, acme, title="B", workplace="remote", locations=[], remote_countries=["DE"]
        ),
        await published(
            client,
            globex,
            title="C",
            locations=[{"country": "FR", "city": "Lyon"}],
            language="fr",
            requirements=[{"name": "Kafka"}],
            workplace="onsite",
        ),
    }
    await until_listed(client, ids)

    body = (
        await client.get(
            "/v1/postings?country=GB&workplace=hybrid"
            "&facets=country,workplace,company,language,requirement,employment_type"
        )
    ).json()
    facets: dict[str, list[dict[str, Any]]] = body["facets"]

    assert len(body["items"]) == 1
    # country ignores country=GB but keeps workplace=hybrid: only A (GB) is hybrid.
    assert facets["country"] == [{"value": "GB", "count": 1}]
    # workplace ignores workplace=hybrid but keeps country=GB: A (hybrid); B is open to DE only.
    assert facets["workplace"] == [{"value": "hybrid", "count": 1}]
    assert facets["company"] == [{"value": "acme-ltd", "count": 1, "name": "Acme Ltd"}]
    everything = (await client.get("/v1/postings?facets=workplace,language,requirement")).json()
    assert {f["value"]: f["count"] for f in everything["facets"]["workplace"]} == {
        "hybrid": 1,
        "remote": 1,
        "onsite": 1,
    }
    assert {f["value"]: f["count"] for f in everything["facets"]["language"]} == {"en": 2, "fr": 1}
    assert {"value": "Kafka", "count": 1} in everything["facets"]["requirement"]
    assert_problem(
        await client.get("/v1/postings?facets=salary"), 400, "invalid-parameter", fields={"facets"}
    )


async def test_countries_by_language_list_only_countries_with_postings_in_it(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    french = await published(
        client,
        employer,
        title="Développeur",
        language="fr",
        locations=[{"country": "FR", "city": "Paris"}],
    )
    english = await published(
        client,
        employer,
        title="Developer",
        language="en",
        locations=[{"country": "DE", "city": "Berlin"}],
    )
    await until_listed(client, {french, english})

    assert (await client.get("/v1/countries?language=fr")).json() == [
        {"country": "FR", "postings": 1}
    ]
    assert (await client.get("/v1/countries?language=en")).json() == [
        {"country": "DE", "postings": 1}
    ]
    assert sorted(c["country"] for c in (await client.get("/v1/countries")).json()) == ["DE", "FR"]
    assert sorted((await client.get("/v1/languages")).json(), key=lambda x: x["language"]) == [
        {"language": "en", "postings": 1},
        {"language": "fr", "postings": 1},
    ]
    assert_problem(
        await client.get("/v1/countries?language=xx"), 400, "invalid-parameter", fields={"language"}
    )


async def test_a_company_page_shows_its_open_postings_and_only_while_it_may_be_seen(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting = await published(client, employer)
    await until_listed(client, {posting})
    pending = await sign_up(client, "Pending Inc")

    page = (await client.get("/v1/companies/acme-ltd")).json()

    assert page["name"] == "Acme Ltd"
    assert page["open_postings"] == 1
    assert (await client.get(f"/v1/companies/{pending.slug}")).status_code == 404
    await suspend(client, admin_headers, employer)
    await until_gone(client, posting)
    assert_problem(await client.get("/v1/companies/acme-ltd"), 404, "not-found")


async def test_the_catalogue_answers_by_prefix_and_kind_with_public_counts(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    await client.post(
        "/v1/admin/requirements",
        json={"name": "PostgreSQL", "kind": "skill", "aliases": ["postgres"]},
        headers=admin_headers,
    )
    await client.post(
        "/v1/admin/requirements",
        json={"name": "Portuguese", "kind": "language"},
        headers=admin_headers,
    )
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting = await published(client, employer, requirements=[{"name": "postgres"}])
    await until_listed(client, {posting})

    by_prefix = (await client.get("/v1/requirements?prefix=POST")).json()
    languages = (await client.get("/v1/requirements?prefix=po&kind=language")).json()

    assert [(e["name"], e["kind"], e["postings"]) for e in by_prefix] == [
        ("PostgreSQL", "skill", 1)
    ]
    assert [e["name"] for e in languages] == ["Portuguese"]
    assert_problem(
        await client.get("/v1/requirements?kind=hobby"), 400, "invalid-parameter", fields={"kind"}
    )


async def test_json_ld_maps_a_posting_onto_schema_org_job_posting(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer: Employer = await verified_employer(client, admin_headers, "Acme Ltd")
    remote = await published(
        client,
        employer,
        title="Remote Backend Engineer",
        workplace="remote",
        locations=[{"country": "DE", "city": "Berlin"}],
        remote_countries=["DE", "AT"],
        employment_type="contract",
        salary={"min": 500, "max": 650, "currency": "EUR", "period": "day"},
        requirements=[{"name": "Go", "importance": "must", "min_years": 5}],
        benefits=["Equipment budget"],
    )
    await until_listed(client, {remote})

    response = await client.get(f"/v1/postings/{remote}/json-ld")
    document = response.json()

    assert response.headers["content-type"].startswith("application/ld+json")
    assert document["@context"] == "https://schema.org/"
    assert document["@type"] == "JobPosting"
    assert document["title"] == "Remote Backend Engineer"
    assert document["employmentType"] == "CONTRACTOR"
    assert document["hiringOrganization"]["name"] == "Acme Ltd"
    assert document["jobLocationType"] == "TELECOMMUTE"
    assert document["applicantLocationRequirements"] == [
        {"@type": "Country", "name": "Germany"},
        {"@type": "Country", "name": "Austria"},
    ]
    assert document["jobLocation"][0]["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "DE",
        "addressLocality": "Berlin",
    }
    assert document["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 500,
            "maxValue": 650,
            "unitText": "DAY",
        },
    }
    assert document["experienceRequirements"]["monthsOfExperience"] == 60
    assert document["skills"] == ["Go"]
    assert document["jobBenefits"] == "Equipment budget"
    assert document["identifier"]["value"] == remote
    assert document["directApply"] is False
    assert document["datePosted"] <= document["validThrough"]
    assert (
        await client.get(f"/v1/postings/{remote}/json-ld".replace(remote[:8], "00000000"))
    ).status_code == 404
