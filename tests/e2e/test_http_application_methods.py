"""How to apply, over HTTP: a posting states one application method, needs it to be
published (409 naming it), shows it in its public and employer views, and says in JSON-LD
whether candidates apply on the board. A posting published before the rule stays public."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from e2e.board import (
    assert_problem,
    draft,
    own_posting,
    publish,
    published,
    until_public,
    verified_employer,
)
from e2e_support import posting_body

METHODS = [
    {"kind": "url", "url": "https://careers.example.com/jobs/42"},
    {"kind": "email", "email": "jobs@example.com"},
    {"kind": "board"},
]


@pytest.mark.parametrize("method", METHODS, ids=lambda m: m["kind"])
async def test_the_method_is_shown_to_candidates_and_to_its_employer(
    client: httpx.AsyncClient, admin_headers: dict[str, str], method: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Apply Ltd")
    posting_id = await published(client, employer, application_method=method)

    detail = await until_public(client, posting_id)
    own = (await own_posting(client, employer, posting_id)).json()
    ld = (await client.get(f"/v1/postings/{posting_id}/json-ld")).json()

    assert detail["application_method"] == method
    assert own["application_method"] == method
    assert ld["directApply"] is (method["kind"] == "board")


async def test_publishing_without_a_method_is_refused_naming_it_and_writes_nothing(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Forgetful Ltd")
    created = await draft(client, employer, application_method=None)
    posting_id = created.json()["id"]
    assert created.json()["application_method"] is None

    response = await publish(client, employer, posting_id)

    assert_problem(response, 409, "application-method-missing", fields={"application_method"})
    own = (await own_posting(client, employer, posting_id)).json()
    assert (own["status"], own["version"]) == ("draft", created.json()["version"])


async def test_a_draft_gets_its_method_by_a_revision_and_can_then_be_published(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Later Ltd")
    created = await draft(client, employer, application_method=None)
    posting_id = created.json()["id"]

    revised = await client.patch(
        f"/v1/employer/postings/{posting_id}",
        json={"application_method": {"kind": "email", "email": "Hiring@Later.Example"}},
        headers={**employer.headers, "If-Match": created.headers["etag"]},
    )
    assert revised.status_code == 200, revised.text
    assert revised.json()["application_method"] == {
        "kind": "email",
        "email": "Hiring@later.example",
    }

    assert (await publish(client, employer, posting_id)).status_code == 200


@pytest.mark.parametrize(
    ("method", "field"),
    [
        ({"kind": "fax"}, "application_method.kind"),
        ({"kind": "url"}, "application_method.url"),
        ({"kind": "url", "url": "javascript:alert(1)"}, "application_method.url"),
        ({"kind": "url", "url": "ftp://example.com/apply"}, "application_method.url"),
        ({"kind": "email", "email": "not an address"}, "application_method.email"),
        ({"kind": "email", "email": "a@b@example.com"}, "application_method.email"),
        ({"kind": "board", "url": "https://example.com"}, "application_method.url"),
        ({"kind": "url", "url": "https://example.com", "phone": "1"}, "application_method.phone"),
    ],
)
async def test_a_bad_method_is_refused_naming_its_field(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    method: dict[str, Any],
    field: str,
) -> None:
    employer = await verified_employer(client, admin_headers, "Sloppy Ltd")

    response = await client.post(
        "/v1/employer/postings",
        json=posting_body(application_method=method),
        headers=employer.headers,
    )

    # The shape is the HTTP schema's to check (an unknown part); the rest the domain's.
    # A value outside a closed set is the body's to refuse; a broken rule, the domain's.
    closed = field.endswith(("phone", ".kind"))
    code = "validation-failed" if closed else "invariant-violated"
    assert_problem(response, 422, code, fields={field})
    listed = await client.get("/v1/employer/postings", headers=employer.headers)
    assert listed.json()["items"] == []


async def test_a_revision_cannot_remove_the_method(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Steady Ltd")
    created = await draft(client, employer)

    response = await client.patch(
        f"/v1/employer/postings/{created.json()['id']}",
        json={"application_method": None},
        headers={**employer.headers, "If-Match": created.headers["etag"]},
    )

    assert_problem(response, 422, "validation-failed", fields={"application_method"})


async def test_a_posting_published_before_the_rule_stays_public_and_can_be_closed(
    client: httpx.AsyncClient, admin_headers: dict[str, str], clean_database: AsyncEngine
) -> None:
    employer = await verified_employer(client, admin_headers, "Old Ltd")
    posting_id = await published(client, employer)
    await until_public(client, posting_id)
    # As the migration leaves a posting stored before methods existed: none at all.
    async with clean_database.begin() as connection:
        await connection.execute(
            text(
                "UPDATE postings SET application_kind = NULL, application_url = NULL WHERE id = :id"
            ),
            {"id": posting_id},
        )
        await connection.execute(
            text("UPDATE public_postings SET application_method = NULL WHERE id = :id"),
            {"id": posting_id},
        )

    detail = (await client.get(f"/v1/postings/{posting_id}")).json()
    ld = (await client.get(f"/v1/postings/{posting_id}/json-ld")).json()
    own = await own_posting(client, employer, posting_id)
    closed = await client.post(
        f"/v1/employer/postings/{posting_id}/close",
        headers={**employer.headers, "If-Match": own.headers["etag"]},
    )

    assert detail["application_method"] is None
    assert ld["directApply"] is False
    assert own.json()["application_method"] is None
    assert closed.status_code == 200, closed.text
