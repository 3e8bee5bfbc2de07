"""The requirement catalogue over HTTP: postings name requirements, the catalogue canonicalises."""

from __future__ import annotations

from typing import Any

import httpx

from e2e.board import (
    Employer,
    assert_problem,
    draft,
    public_detail,
    public_ids,
    published,
    sign_up,
    until_public,
    verified_employer,
)
from e2e_support import eventually


async def _add(
    client: httpx.AsyncClient, admin: dict[str, str], name: str, *aliases: str
) -> dict[str, Any]:
    response = await client.post(
        "/v1/admin/requirements",
        json={"name": name, "kind": "skill", "aliases": list(aliases)},
        headers=admin,
    )
    assert response.status_code == 201, response.text
    entry: dict[str, Any] = response.json()
    return entry


async def _asking_for(client: httpx.AsyncClient, employer: Employer, *names: str) -> str:
    requirements = [{"name": name, "importance": "must"} for name in names]
    return await published(client, employer, requirements=requirements)


async def test_an_admin_adds_a_catalogue_entry(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/admin/requirements",
        json={"name": "PostgreSQL", "kind": "skill", "aliases": ["postgres", "Postgres DB"]},
        headers=admin_headers,
    )

    assert response.status_code == 201, response.text
    entry = response.json()
    assert entry["name"] == "PostgreSQL"
    assert entry["kind"] == "skill"
    assert entry["status"] == "active"
    assert sorted(entry["aliases"]) == ["postgres", "postgres db"]
    assert entry["merged_into"] is None


async def test_a_duplicate_name_answers_409_whatever_its_case(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    await _add(client, admin_headers, "PostgreSQL", "postgres")

    for name in ("PostgreSQL", "postgresql", "  POSTGRESQL ", "Postgres"):
        response = await client.post(
            "/v1/admin/requirements", json={"name": name, "kind": "skill"}, headers=admin_headers
        )
        assert_problem(response, 409, "already-exists", fields={"name"})


async def test_an_unknown_kind_is_refused_naming_it(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/admin/requirements", json={"name": "Knitting", "kind": "hobby"}, headers=admin_headers
    )

    assert_problem(response, 422, "validation-failed", fields={"kind"})


async def test_a_posting_asking_for_an_alias_shows_the_canonical_name(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    await _add(client, admin_headers, "PostgreSQL", "postgres")
    employer = await verified_employer(client, admin_headers, "Acme Ltd")

    created = await draft(
        client, employer, requirements=[{"name": "postgres", "importance": "must"}]
    )
    posting_id = created.json()["id"]
    await client.post(f"/v1/employer/postings/{posting_id}/publish", headers=employer.headers)

    assert [r["name"] for r in created.json()["requirements"]] == ["PostgreSQL"]
    detail = await until_public(client, posting_id)
    assert [r["name"] for r in detail["requirements"]] == ["PostgreSQL"]
    summary = (await client.get("/v1/postings")).json()["items"][0]
    assert summary["requirements"] == ["PostgreSQL"]
    assert await public_ids(client, "requirement=PostgreSQL") == [posting_id]


async def test_a_name_the_catalogue_does_not_know_is_kept_as_written(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")

    posting_id = await _asking_for(client, employer, "Elixir")

    detail = await until_public(client, posting_id)
    assert [r["name"] for r in detail["requirements"]] == ["Elixir"]
    # The proposal is now in the catalogue: a second posting spelling it otherwise finds it.
    again = await draft(client, employer, requirements=[{"name": "ELIXIR", "importance": "nice"}])
    assert [r["name"] for r in again.json()["requirements"]] == ["Elixir"]


async def test_naming_the_same_entry_twice_in_one_posting_is_refused(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    await _add(client, admin_headers, "PostgreSQL", "postgres")
    employer = await verified_employer(client, admin_headers, "Acme Ltd")

    response = await client.post(
        "/v1/employer/postings",
        json={
            "title": "DBA",
            "description": "Keep the databases healthy.",
            "language": "en",
            "locations": [{"country": "GB"}],
            "workplace": "onsite",
            "employment_type": "full_time",
            "requirements": [{"name": "PostgreSQL"}, {"name": "postgres"}],
        },
        headers=employer.headers,
    )

    assert_problem(response, 422, "invariant-violated", fields={"requirements"})


async def test_merging_a_duplicate_makes_public_postings_show_the_target_name(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    duplicate = await _add(client, admin_headers, "Golang")
    target = await _add(client, admin_headers, "Go")
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    asking_duplicate = await _asking_for(client, employer, "Golang", "Python")
    asking_target = await _asking_for(client, employer, "Go")
    await until_public(client, asking_duplicate)
    await until_public(client, asking_target)

    response = await client.post(
        f"/v1/admin/requirements/{duplicate['id']}/merge",
        json={"into": target["id"]},
        headers=admin_headers,
    )

    assert response.status_code == 200, response.text
    assert response.json()["id"] == target["id"]
    assert response.json()["name"] == "Go"
    assert "golang" in response.json()["aliases"]

    async def names() -> list[str]:
        detail: dict[str, Any] = (await public_detail(client, asking_duplicate)).json()
        return [r["name"] for r in detail["requirements"]]

    assert await eventually(names, lambda n: n == ["Go", "Python"]) == ["Go", "Python"]
    summary = {i["id"]: i for i in (await client.get("/v1/postings")).json()["items"]}
    assert summary[asking_duplicate]["requirements"] == ["Go", "Python"]
    assert sorted(await public_ids(client, "requirement=Go")) == sorted(
        [asking_duplicate, asking_target]
    )
    assert await public_ids(client, "requirement=Golang") == []


async def test_after_a_merge_the_old_name_finds_the_target(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    duplicate = await _add(client, admin_headers, "Golang")
    target = await _add(client, admin_headers, "Go")
    await client.post(
        f"/v1/admin/requirements/{duplicate['id']}/merge",
        json={"into": target["id"]},
        headers=admin_headers,
    )
    employer = await verified_employer(client, admin_headers, "Acme Ltd")

    created = await draft(client, employer, requirements=[{"name": "golang", "importance": "must"}])

    assert [r["name"] for r in created.json()["requirements"]] == ["Go"]


async def test_merging_into_itself_or_twice_is_refused(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    duplicate = await _add(client, admin_headers, "Golang")
    target = await _add(client, admin_headers, "Go")
    path = f"/v1/admin/requirements/{duplicate['id']}/merge"

    itself = await client.post(path, json={"into": duplicate["id"]}, headers=admin_headers)
    assert_problem(itself, 422, "invariant-violated", fields={"into"})
    first = await client.post(path, json={"into": target["id"]}, headers=admin_headers)
    assert first.status_code == 200, first.text
    twice = await client.post(path, json={"into": target["id"]}, headers=admin_headers)
    assert_problem(twice, 409, "invalid-transition")
    into_merged = await client.post(
        f"/v1/admin/requirements/{target['id']}/merge",
        json={"into": duplicate["id"]},
        headers=admin_headers,
    )
    assert_problem(into_merged, 409, "invalid-transition")


async def test_merging_an_unknown_entry_answers_404(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    target = await _add(client, admin_headers, "Go")

    response = await client.post(
        "/v1/admin/requirements/01a20fc5-0000-7000-8000-000000000000/merge",
        json={"into": target["id"]},
        headers=admin_headers,
    )

    assert_problem(response, 404, "not-found")


async def test_renaming_an_entry_renames_it_on_public_postings(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    entry = await _add(client, admin_headers, "JS")
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    posting_id = await _asking_for(client, employer, "JS")
    await until_public(client, posting_id)

    renamed = await client.patch(
        f"/v1/admin/requirements/{entry['id']}", json={"name": "JavaScript"}, headers=admin_headers
    )

    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "JavaScript"
    assert "js" in renamed.json()["aliases"]

    async def filtered() -> list[str]:
        return await public_ids(client, "requirement=JavaScript")

    assert await eventually(filtered, lambda ids: ids == [posting_id]) == [posting_id]


async def test_a_name_typed_in_a_draft_stays_out_of_the_public_catalogue_until_published(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Acme Ltd")
    stranger = await sign_up(client, "Spam Ltd")  # not even verified
    await draft(client, stranger, requirements=[{"name": "Buy Cheap Pills", "importance": "must"}])
    await draft(client, employer, requirements=[{"name": "Elixir", "importance": "must"}])

    names = {entry["name"] for entry in (await client.get("/v1/requirements")).json()}
    assert "Buy Cheap Pills" not in names
    assert "Elixir" not in names

    posting_id = await _asking_for(client, employer, "Elixir")
    await until_public(client, posting_id)

    async def listed() -> dict[str, int]:
        entries = (await client.get("/v1/requirements?prefix=eli")).json()
        return {entry["name"]: entry["postings"] for entry in entries}

    assert (await eventually(listed, lambda found: found.get("Elixir") == 1))["Elixir"] == 1
    names = {entry["name"] for entry in (await client.get("/v1/requirements")).json()}
    assert "Buy Cheap Pills" not in names
