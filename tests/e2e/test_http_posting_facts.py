"""A posting's facts over HTTP against PostgreSQL: visa sponsorship, relocation support and
working languages are written in a draft, shown to candidates and to the employer, found
by the search's filters and counted by its facets; JSON-LD says who may be hired."""

from __future__ import annotations

from typing import Any

import httpx

from e2e.board import assert_problem, draft, own_posting, published, until_listed, until_public
from e2e.board import verified_employer as employer_of

FACTS: dict[str, Any] = {
    "visa_sponsorship": "yes",
    "relocation_support": "no",
    "working_languages": [{"language": "de", "level": "b2"}, {"language": "en"}],
    "benefits_description": "Health insurance, a pension and 30 days of holiday.",
    "apply_by": "2027-01-31",
    "locations": [{"country": "US", "city": "Denver", "region": "co"}],
}


async def test_the_facts_are_kept_and_shown_to_candidates_and_the_employer(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await employer_of(client, admin_headers, "Facts Ltd")
    posting_id = await published(client, employer, **FACTS)

    detail = await until_public(client, posting_id)
    own = (await own_posting(client, employer, posting_id)).json()
    ld = (await client.get(f"/v1/postings/{posting_id}/json-ld")).json()

    for shown in (detail, own):
        assert (shown["visa_sponsorship"], shown["relocation_support"]) == ("yes", "no")
        assert shown["working_languages"] == [
            {"language": "de", "level": "B2"},
            {"language": "en", "level": None},
        ]
        assert shown["benefits_description"] == FACTS["benefits_description"]
        assert shown["apply_by"] == "2027-01-31"
    assert own["locations"] == [{"country": "US", "city": "Denver", "region": "CO"}]
    assert "sponsors a work visa" in ld["eligibilityToWorkRequirement"]
    assert FACTS["benefits_description"] in ld["jobBenefits"]


async def test_a_posting_that_says_nothing_of_its_facts_reads_unknown(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await employer_of(client, admin_headers, "Quiet Ltd")
    posting_id = await published(client, employer)

    detail = await until_public(client, posting_id)
    ld = (await client.get(f"/v1/postings/{posting_id}/json-ld")).json()

    assert (detail["visa_sponsorship"], detail["relocation_support"]) == ("unknown", "unknown")
    assert detail["working_languages"] == [] and detail["apply_by"] is None
    assert "eligibilityToWorkRequirement" not in ld


async def test_bad_facts_are_refused_naming_each_field(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await employer_of(client, admin_headers, "Sloppy Ltd")
    body = {
        "title": "Engineer",
        "description": "Build things.",
        "language": "en",
        "locations": [{"country": "US", "region": "Colorado"}],
        "workplace": "onsite",
        "employment_type": "full_time",
        "visa_sponsorship": "maybe",
        "working_languages": [{"language": "xx", "level": "D1"}],
        "apply_by": 20270131,
    }

    response = await client.post("/v1/employer/postings", json=body, headers=employer.headers)

    assert_problem(
        response,
        422,
        "validation-failed",
        fields={
            "visa_sponsorship",
            "working_languages.0.language",
            "working_languages.0.level",
            "apply_by",
            "locations.0.region",
        },
    )
    twice = await client.post(
        "/v1/employer/postings",
        json={**body | FACTS, "working_languages": [{"language": "de"}, {"language": "DE"}]},
        headers=employer.headers,
    )
    assert_problem(twice, 422, "invariant-violated", fields={"working_languages"})


async def _three_postings(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, str]:
    employer = await employer_of(client, admin, "Polyglot Ltd")
    ids = {
        # An English posting for a team that works in German.
        "en_for_de": await published(
            client,
            employer,
            language="en",
            working_languages=[{"language": "de", "level": "C1"}],
            visa_sponsorship="yes",
            relocation_support="yes",
        ),
        "de": await published(
            client,
            employer,
            title="Backend-Entwickler",
            language="de",
            visa_sponsorship="no",
        ),
        "en": await published(client, employer, language="en"),
    }
    await until_listed(client, set(ids.values()))
    return ids


async def _ids(client: httpx.AsyncClient, query: str) -> set[str]:
    response = await client.get(f"/v1/postings?limit=100&{query}")
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


async def test_the_filters_find_postings_by_visa_relocation_and_working_language(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    ids = await _three_postings(client, admin_headers)

    assert await _ids(client, "visa_sponsorship=yes") == {ids["en_for_de"]}
    assert await _ids(client, "visa_sponsorship=no") == {ids["de"]}
    assert await _ids(client, "visa_sponsorship=unknown") == {ids["en"]}
    assert await _ids(client, "relocation_support=yes") == {ids["en_for_de"]}
    # Findable by the language it is written in and by the one its team works in.
    assert await _ids(client, "working_language=de") == {ids["en_for_de"], ids["de"]}
    assert await _ids(client, "working_language=en") == {ids["en_for_de"], ids["en"]}
    assert await _ids(client, "working_language=DE&visa_sponsorship=YES") == {ids["en_for_de"]}
    # The language filter is still the posting's own language only.
    assert await _ids(client, "language=de") == {ids["de"]}
    # Every reader of the search's parameters takes them: the feeds too.
    feed = await client.get("/v1/postings/feed.atom?visa_sponsorship=no")
    assert feed.status_code == 200, feed.text
    assert ids["de"] in feed.text
    assert ids["en_for_de"] not in feed.text and ids["en"] not in feed.text


async def test_the_facets_count_the_facts_under_the_other_filters(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    await _three_postings(client, admin_headers)

    groups = "visa_sponsorship,relocation_support,working_language"
    everything = (await client.get(f"/v1/postings?facets={groups}")).json()["facets"]
    german = (await client.get(f"/v1/postings?working_language=de&facets={groups}")).json()

    def counts(facets: dict[str, Any], group: str) -> dict[str, int]:
        return {f["value"]: f["count"] for f in facets[group]}

    assert counts(everything, "visa_sponsorship") == {"yes": 1, "no": 1, "unknown": 1}
    assert counts(everything, "relocation_support") == {"yes": 1, "unknown": 2}
    assert counts(everything, "working_language") == {"en": 2, "de": 2}
    facets = german["facets"]
    assert len(german["items"]) == 2
    assert counts(facets, "visa_sponsorship") == {"yes": 1, "no": 1}
    assert counts(facets, "relocation_support") == {"yes": 1, "unknown": 1}
    # A group's own filter is left out of its counts (facets are disjunctive).
    assert counts(facets, "working_language") == {"en": 2, "de": 2}


async def test_a_filter_the_search_would_reject_is_a_problem_naming_it(
    client: httpx.AsyncClient,
) -> None:
    for query, field in (
        ("visa_sponsorship=maybe", "visa_sponsorship"),
        ("relocation_support=sometimes", "relocation_support"),
        ("working_language=klingon", "working_language"),
        ("facets=visa", "facets"),
    ):
        response = await client.get(f"/v1/postings?{query}")
        assert_problem(response, 400, "invalid-parameter", fields={field})


async def test_a_draft_may_revise_its_facts_and_clear_its_deadline(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await employer_of(client, admin_headers, "Reviser Ltd")
    created = await draft(client, employer, **FACTS)

    revised = await client.patch(
        f"/v1/employer/postings/{created.json()['id']}",
        json={"visa_sponsorship": "no", "apply_by": None, "working_languages": []},
        headers={**employer.headers, "If-Match": created.headers["etag"]},
    )

    assert revised.status_code == 200, revised.text
    body = revised.json()
    assert (body["visa_sponsorship"], body["relocation_support"]) == ("no", "no")
    assert body["apply_by"] is None and body["working_languages"] == []
    assert body["benefits_description"] == FACTS["benefits_description"]
