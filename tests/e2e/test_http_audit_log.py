"""The audit log over HTTP: every admin act of a scenario appears in GET /v1/admin/audit
with its actor, aggregate, reason and time; failed acts leave nothing; filters and pages
work, and filters it cannot read are refused naming the parameter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any, cast

import httpx
import pytest
from dependency_injector import providers

from adapters.container import Container
from adapters.http.app import create_app
from application.audit import Actor
from application.commands.api_keys import IssueAdminKey, IssuedKey
from e2e.board import Employer, assert_problem, published, sign_up, verified_employer
from e2e_support import bearer
from fakes import FixedClock

SHELL = Actor.cli("release-manager")


@pytest.fixture
def clock(container: Container) -> FixedClock:
    fixed = FixedClock()
    container.clock.override(providers.Object(fixed))
    return fixed


@pytest.fixture
async def timed_client(container: Container, clock: FixedClock) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=cast(Any, create_app(container))),
        base_url="http://jobboard.test",
    ) as client:
        yield client
    container.clock.reset_override()


@pytest.fixture
async def ana(container: Container, timed_client: httpx.AsyncClient) -> IssuedKey:
    """An admin key named for the admin who holds it, issued from the shell."""
    return await container.application().commands.issue_admin_key(
        IssueAdminKey("Ana (trust and safety)", actor=SHELL)
    )


async def _audit(client: httpx.AsyncClient, key: IssuedKey, query: str = "") -> dict[str, Any]:
    response = await client.get(f"/v1/admin/audit?{query}", headers=bearer(key.api_key))
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _acts(page: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    """(act, aggregate id, reason) of each entry, as listed (newest first)."""
    return [
        (e["act"], e["aggregate"]["id"] if e["aggregate"] else None, e["reason"])
        for e in page["items"]
    ]


async def _post(
    client: httpx.AsyncClient, key: IssuedKey, path: str, body: Any = None
) -> httpx.Response:
    response = await client.post(path, json=body, headers=bearer(key.api_key))
    assert response.status_code in (200, 201), response.text
    return response


async def test_every_admin_act_of_a_day_is_in_the_log_with_who_what_where_and_why(
    timed_client: httpx.AsyncClient, clock: FixedClock, ana: IssuedKey
) -> None:
    client, admin = timed_client, bearer(ana.api_key)
    issued_at = clock.now()
    acme = await sign_up(client, "Acme Audits")
    await _post(client, ana, f"/v1/admin/companies/{acme.company_id}/verify")
    posting = await published(client, acme)
    await _post(
        client, ana, f"/v1/admin/companies/{acme.company_id}/suspend", {"reason": "fake offers"}
    )
    await _post(client, ana, f"/v1/admin/companies/{acme.company_id}/reinstate")
    await _post(client, ana, f"/v1/admin/postings/{posting}/take-down", {"reason": "a scam"})
    kotlin = (
        await _post(client, ana, "/v1/admin/requirements", {"name": "Kotlin", "kind": "skill"})
    ).json()["id"]
    renamed = await client.patch(
        f"/v1/admin/requirements/{kotlin}", json={"name": "Kotlin (JVM)"}, headers=admin
    )
    assert renamed.status_code == 200, renamed.text
    await _post(client, ana, f"/v1/admin/requirements/{kotlin}/aliases", {"aliases": ["kt"]})
    twin = (
        await _post(client, ana, "/v1/admin/requirements", {"name": "Kotlin JVM", "kind": "skill"})
    ).json()["id"]
    await _post(client, ana, f"/v1/admin/requirements/{twin}/merge", {"into": kotlin})
    lapsing = await published(client, acme)
    clock.advance(timedelta(days=61))
    expired = await _post(client, ana, "/v1/admin/postings/expire")
    assert expired.json() == {"expired": 1}, lapsing
    await _post(client, ana, "/v1/admin/read-models/rebuild")

    by_ana = await _audit(client, ana, f"actor={ana.key_id}")

    assert _acts(by_ana) == [
        ("rebuild_read_models", None, None),
        ("expire_postings", None, None),
        ("merge_requirements", twin, None),
        ("add_requirement", twin, None),
        ("alias_requirement", kotlin, None),
        ("rename_requirement", kotlin, None),
        ("add_requirement", kotlin, None),
        ("take_down_posting", posting, "a scam"),
        ("reinstate_company", acme.company_id, None),
        ("suspend_company", acme.company_id, "fake offers"),
        ("verify_company", acme.company_id, None),
    ]
    newest, oldest = by_ana["items"][0], by_ana["items"][-1]
    assert newest["actor"] == {
        "kind": "admin_key",
        "id": str(ana.key_id),
        "name": "Ana (trust and safety)",
    }
    assert newest["recorded_at"] == clock.now().isoformat().replace("+00:00", "Z")
    assert oldest["recorded_at"] == issued_at.isoformat().replace("+00:00", "Z")
    assert by_ana["items"][1]["details"] == {"expired": 1}
    assert by_ana["items"][2]["details"] == {"into": kotlin}
    assert set(newest["details"]) >= {"public_postings", "public_companies"}
    assert by_ana["items"][-1]["aggregate"] == {"type": "company", "id": acme.company_id}

    the_key = await _audit(client, ana, f"aggregate_type=api_key&aggregate_id={ana.key_id}")
    assert [(e["act"], e["actor"], e["details"]) for e in the_key["items"]] == [
        (
            "issue_admin_key",
            {"kind": "cli", "id": "release-manager", "name": None},
            {"name": "Ana (trust and safety)"},
        )
    ]


async def test_a_failed_admin_act_leaves_no_entry(
    timed_client: httpx.AsyncClient, ana: IssuedKey
) -> None:
    client, admin = timed_client, bearer(ana.api_key)
    pending = await sign_up(client, "Pending Pies")
    before = await _audit(client, ana)
    missing = "00000000-0000-7000-8000-000000000404"

    assert_problem(
        await client.post(f"/v1/admin/companies/{missing}/verify", headers=admin), 404, "not-found"
    )
    assert_problem(
        await client.post(
            f"/v1/admin/companies/{pending.company_id}/suspend",
            json={"reason": "   "},
            headers=admin,
        ),
        422,
        "validation-failed",
        fields={"reason"},
    )
    assert_problem(
        await client.post(f"/v1/admin/companies/{pending.company_id}/reinstate", headers=admin),
        409,
        "invalid-transition",
    )
    assert_problem(
        await client.post(
            f"/v1/admin/postings/{missing}/take-down", json={"reason": "x"}, headers=admin
        ),
        404,
        "not-found",
    )

    assert await _audit(client, ana) == before


async def _three_verified(
    client: httpx.AsyncClient, ana: IssuedKey, clock: FixedClock
) -> list[Employer]:
    """Three companies verified by Ana a minute apart."""
    verified = []
    for name in ("First Firm", "Second Shop", "Third Trade"):
        clock.advance(timedelta(minutes=1))
        verified.append(await verified_employer(client, bearer(ana.api_key), name))
    return verified


async def test_the_log_is_filtered_by_aggregate_and_time_and_paged_newest_first(
    timed_client: httpx.AsyncClient, clock: FixedClock, ana: IssuedKey
) -> None:
    client = timed_client
    first, second, third = await _three_verified(client, ana, clock)
    second_at = (clock.now() - timedelta(minutes=1)).isoformat().replace("+00:00", "Z")
    third_at = clock.now().isoformat().replace("+00:00", "Z")

    on_second = await _audit(client, ana, f"aggregate_id={second.company_id}")
    in_window = await _audit(client, ana, f"since={second_at}&until={third_at}")
    page_one = await _audit(client, ana, "aggregate_type=company&limit=2")
    page_two = await _audit(
        client, ana, f"aggregate_type=company&limit=2&cursor={page_one['next_cursor']}"
    )

    assert _acts(on_second) == [("verify_company", second.company_id, None)]
    assert _acts(in_window) == [("verify_company", second.company_id, None)]
    assert [a[1] for a in _acts(page_one)] == [third.company_id, second.company_id]
    assert [a[1] for a in _acts(page_two)] == [first.company_id]
    assert page_two["next_cursor"] is None


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("actor=someone", "actor"),
        ("actor=cli:a%00b", "actor"),
        ("aggregate_type=invoice", "aggregate_type"),
        ("aggregate_id=not-a-uuid", "aggregate_id"),
        ("since=yesterday", "since"),
        ("until=0.5", "until"),
        ("since=2026-11-24T12:00:00", "since"),
        ("until=2026-13-01T00:00:00Z", "until"),
        ("since=2026-11-25T00:00:00Z&until=2026-11-24T00:00:00Z", "since"),
        ("since=0001-01-01T00:00:00%2B14:00", "since"),  # overflows on the way to UTC
        ("until=9999-12-31T23:59:59-14:00", "until"),
        ("limit=0", "limit"),
        ("limit=many", "limit"),
        ("cursor=bm90LWEtY3Vyc29y", "cursor"),
    ],
)
async def test_a_filter_it_cannot_read_is_a_problem_naming_the_parameter(
    timed_client: httpx.AsyncClient, ana: IssuedKey, query: str, parameter: str
) -> None:
    response = await timed_client.get(f"/v1/admin/audit?{query}", headers=bearer(ana.api_key))

    assert_problem(response, 400, "invalid-parameter", fields={parameter})


async def test_only_admins_read_the_log(timed_client: httpx.AsyncClient) -> None:
    employer = await sign_up(timed_client, "Curious Corp")

    assert_problem(await timed_client.get("/v1/admin/audit"), 401, "unauthenticated")
    assert_problem(
        await timed_client.get("/v1/admin/audit", headers=employer.headers), 403, "forbidden"
    )
