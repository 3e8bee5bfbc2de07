"""Pay transparency over HTTP: publishing a posting for a place a pay-transparency rule
covers answers that rule's verdict. Under the default policy (warn) the posting is
published and the answer and the employer's views list what is missing; under a policy
that blocks, publishing is a 409 naming every missing fact, and nothing changes. The
Colorado, New York City and German postings of issue 20, in both policies."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from e2e.board import Employer, assert_problem, draft, own_posting, publish, verified_employer
from e2e_support import admin_bearer, board_client

DENVER = {"locations": [{"country": "US", "city": "Denver", "region": "CO"}]}
NEW_YORK = {"locations": [{"country": "US", "city": "New York", "region": "NY"}]}
BERLIN = {"locations": [{"country": "DE", "city": "Berlin"}], "language": "de"}
SALARY = {"min": 90000, "max": 120000, "currency": "USD", "period": "year"}
COLORADO_FACTS = {
    "salary": SALARY,
    "benefits_description": "Medical, dental and vision cover; a 401(k) with a 4% match.",
    "apply_by": "2027-02-28",
}


def _verdicts(answer: dict[str, Any]) -> dict[str, tuple[list[str], str, bool]]:
    return {
        v["rule"]: (v["missing"], v["policy"], v["satisfied"]) for v in answer["pay_transparency"]
    }


async def _publish_draft(
    client: httpx.AsyncClient, employer: Employer, **fields: Any
) -> tuple[str, httpx.Response]:
    posting_id: str = (await draft(client, employer, **fields)).json()["id"]
    return posting_id, await publish(client, employer, posting_id)


async def test_under_warn_the_three_postings_publish_and_say_what_is_missing(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Warned Ltd")

    colorado_id, colorado = await _publish_draft(client, employer, **DENVER, salary=None)
    _, nyc = await _publish_draft(client, employer, **NEW_YORK, salary=None)
    _, german = await _publish_draft(client, employer, **BERLIN, salary=None)

    for answer in (colorado, nyc, german):
        assert answer.status_code == 200, answer.text
        assert answer.json()["status"] == "published"
    assert _verdicts(colorado.json()) == {
        "CO": (["salary", "benefits_description", "apply_by"], "warn", False)
    }
    assert _verdicts(nyc.json()) == {"NYC": (["salary"], "warn", False)}
    assert _verdicts(german.json()) == {"EU": (["salary"], "warn", False)}
    # The employer's posting view and dashboard (the list) say it too.
    own = (await own_posting(client, employer, colorado_id)).json()
    assert _verdicts(own)["CO"][0] == ["salary", "benefits_description", "apply_by"]
    listed = (await client.get("/v1/employer/postings", headers=employer.headers)).json()["items"]
    assert sorted(r for p in listed for r in _verdicts(p)) == ["CO", "EU", "NYC"]


async def test_a_posting_stating_what_the_rules_ask_is_satisfied(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Open Books Ltd")

    _, colorado = await _publish_draft(client, employer, **DENVER, **COLORADO_FACTS)
    _, nyc = await _publish_draft(client, employer, **NEW_YORK, salary=SALARY)
    _, london = await _publish_draft(client, employer)  # no rule covers London

    assert _verdicts(colorado.json()) == {"CO": ([], "warn", True)}
    assert _verdicts(nyc.json()) == {"NYC": ([], "warn", True)}
    assert london.json()["pay_transparency"] == []


async def test_a_remote_posting_open_to_a_covered_country_is_covered(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Anywhere Ltd")

    _, remote = await _publish_draft(
        client, employer, workplace="remote", locations=[], remote_countries=["US"], salary=None
    )

    assert set(_verdicts(remote.json())) == {"CO", "CA", "WA", "NYC"}


@pytest.fixture
async def blocking(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        projector_poll_seconds=0.2,
        pay_transparency_policy="CO=block, nyc=block,EU=block,CA=warn",
    )
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


async def test_under_block_the_three_postings_are_refused_naming_what_is_missing(
    blocking: Container,
) -> None:
    async with board_client(blocking) as client:
        admin = await admin_bearer(blocking)
        employer = await verified_employer(client, admin, "Blocked Ltd")
        refused = {}
        for name, place in (("CO", DENVER), ("NYC", NEW_YORK), ("EU", BERLIN)):
            posting_id, answer = await _publish_draft(client, employer, **place, salary=None)
            refused[name] = answer
            own = (await own_posting(client, employer, posting_id)).json()
            assert (own["status"], own["version"]) == ("draft", 1)  # nothing changed

        colorado = assert_problem(
            refused["CO"],
            409,
            "pay-transparency-incomplete",
            fields={"salary", "benefits_description", "apply_by"},
        )
        assert "Colorado" in colorado["detail"]
        assert {e["pointer"] for e in colorado["errors"]} == {
            "/salary",
            "/benefits_description",
            "/apply_by",
        }
        for name in ("NYC", "EU"):
            body = assert_problem(
                refused[name], 409, "pay-transparency-incomplete", fields={"salary"}
            )
            assert {e["field"] for e in body["errors"]} == {"salary"}


async def test_under_block_a_posting_that_adds_the_facts_is_published(
    blocking: Container,
) -> None:
    async with board_client(blocking) as client:
        employer = await verified_employer(client, await admin_bearer(blocking), "Fixed Ltd")
        created = await draft(client, employer, **DENVER, salary=None)
        posting_id = created.json()["id"]
        assert created.json()["pay_transparency"][0]["policy"] == "block"
        assert_problem(
            await publish(client, employer, posting_id), 409, "pay-transparency-incomplete"
        )

        revised = await client.patch(
            f"/v1/employer/postings/{posting_id}",
            json=COLORADO_FACTS,
            headers={**employer.headers, "If-Match": created.headers["etag"]},
        )
        assert revised.status_code == 200, revised.text
        answer = await publish(client, employer, posting_id)

        assert answer.status_code == 200, answer.text
        assert _verdicts(answer.json()) == {"CO": ([], "block", True)}
        # A rule the policy warns about (California) never refuses.
        _, california = await _publish_draft(
            client,
            employer,
            locations=[{"country": "US", "city": "San Francisco", "region": "CA"}],
            salary=None,
        )
        assert california.status_code == 200, california.text
        assert _verdicts(california.json()) == {"CA": (["salary"], "warn", False)}


def test_a_policy_naming_an_unknown_rule_or_action_is_refused_at_start() -> None:
    for policy in ("TX=block", "CO=refuse", "CO"):
        with pytest.raises(ValueError, match="pay transparency policy"):
            Settings(pay_transparency_policy=policy)
