"""Every route x every kind of caller -> the status it must answer, from ONE table.

The callers: nobody, employer A, employer B, an admin, a revoked key and a
malformed Authorization header. Each route is called on A's resources (or the
board's), so B must get 404 (A's things do not exist for B), admin keys 403 on
employer routes and employer keys 403 on admin routes. Every answer is also
searched for what its caller must never see: drafts, another company's data,
and API keys. A route the app serves without a row here fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import httpx

from adapters.container import Container
from adapters.http.app import create_app
from adapters.settings import Settings
from application.commands.moderation import ReportPosting
from domain.ids import PostingId, WebhookEndpointId
from e2e.board import Employer, draft, published, sign_up, suspend, until_listed, verify
from e2e_support import bearer, posting_body
from figures import FIGURES

CALLERS = ("anonymous", "employer_a", "employer_b", "admin", "revoked", "malformed")


@dataclass
class World:
    """A board with two verified companies, each with a public posting and a draft."""

    a: Employer
    b: Employer
    admin: dict[str, str]
    a_public: str
    a_draft: str
    a_to_publish: str
    a_to_close: str
    a_to_take_down: str
    b_public: str
    b_draft: str
    a_spare_key_id: str
    revoked_key: str
    pending_company: str
    to_suspend_company: str
    suspended_company: str
    requirement: str
    other_requirement: str
    a_board: str
    a_application: str
    a_to_withdraw: str
    a_withdraw_token: str
    # moderation: postings in review (reported past the threshold), an open report
    a_to_approve: str = ""
    a_to_reject: str = ""
    a_report: str = ""
    secrets: dict[str, set[str]] = field(default_factory=dict)
    # Signed webhooks: endpoint and delivery ids by name (see _webhook_world).
    webhooks: dict[str, str] = field(default_factory=dict)

    def headers(self, caller: str) -> dict[str, str]:
        return {
            "anonymous": {},
            "employer_a": self.a.headers,
            "employer_b": self.b.headers,
            "admin": self.admin,
            "revoked": bearer(self.revoked_key),
            "malformed": {"Authorization": "Bearer"},
        }[caller]


@dataclass(frozen=True)
class Call:
    path: str
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Build = Callable[[World, str], Call]


@dataclass(frozen=True)
class Row:
    build: Build
    expect: dict[str, int]


def public(ok: int = 200) -> dict[str, int]:
    return dict.fromkeys(CALLERS, ok)


def employer(ok: int, b: int = 404) -> dict[str, int]:
    """A's own route: A succeeds, B does not find A's things, admin keys are refused."""
    return {
        "anonymous": 401,
        "employer_a": ok,
        "employer_b": b,
        "admin": 403,
        "revoked": 401,
        "malformed": 401,
    }


def admin(ok: int) -> dict[str, int]:
    return {
        "anonymous": 401,
        "employer_a": 403,
        "employer_b": 403,
        "admin": ok,
        "revoked": 401,
        "malformed": 401,
    }


def at(path: str, body: Any = None, **headers: str) -> Build:
    """A call whose ``{placeholders}`` are filled from the world (``{caller}`` too)."""

    def build(world: World, caller: str) -> Call:
        values = {**vars(world), "caller": caller}
        filled = body
        if isinstance(body, dict):
            filled = {k: v.format(**values) if isinstance(v, str) else v for k, v in body.items()}
        named = {k.replace("_", "-"): v for k, v in headers.items()}
        return Call(path.format(**values), filled, named)

    return build


def signup_body(world: World, caller: str) -> Call:
    return Call("/v1/companies", {"name": f"Newcomer {caller}", "country": "FR"})


REVISION = {"title": "Revised Backend Engineer"}
APPLICANT = {"name": "Grace Secretname", "email": "grace.secretname@example.com"}


def withdraw(world: World, caller: str) -> Call:
    """The candidate (here: the anonymous caller) holds the token; any other key is not it."""
    token = {"Authorization": f"Bearer {world.a_withdraw_token}"} if caller == "anonymous" else {}
    return Call(f"/v1/applications/{world.a_to_withdraw}", headers=token)


WITHDRAWN = {**dict.fromkeys(CALLERS, 404), "anonymous": 204}
# Nothing listens there: the matrix's webhooks are registered, fanned out, never sent.
HOOK_URL = "http://127.0.0.1:9/{caller}"

# THE matrix: "METHOD /path as the OpenAPI document names it" -> how to call it, what to expect.
MATRIX: dict[str, Row] = {
    "GET /health": Row(at("/health"), public()),
    "GET /ready": Row(at("/ready"), public()),
    "GET /v1/postings": Row(at("/v1/postings?limit=100"), public()),
    "GET /v1/postings/{posting_id}": Row(at("/v1/postings/{a_public}"), public()),
    "GET /v1/postings/{posting_id}/json-ld": Row(at("/v1/postings/{a_public}/json-ld"), public()),
    "GET /v1/companies/{slug}": Row(at("/v1/companies/{a.slug}"), public()),
    "GET /v1/postings/feed.atom": Row(at("/v1/postings/feed.atom"), public()),
    "GET /v1/postings/feed.rss": Row(at("/v1/postings/feed.rss"), public()),
    "GET /sitemap.xml": Row(at("/sitemap.xml"), public()),
    "GET /v1/postings/changes": Row(at("/v1/postings/changes"), public()),
    "GET /compat/greenhouse/v1/boards/{slug}/jobs": Row(
        at("/compat/greenhouse/v1/boards/{a.slug}/jobs"), public()
    ),
    "GET /compat/greenhouse/v1/boards/{slug}/jobs/{job_id}": Row(
        at("/compat/greenhouse/v1/boards/{a.slug}/jobs/{a_public}"), public()
    ),
    "GET /compat/greenhouse/v1/boards/{slug}/departments": Row(
        at("/compat/greenhouse/v1/boards/{a.slug}/departments"), public()
    ),
    "GET /compat/greenhouse/v1/boards/{slug}/offices": Row(
        at("/compat/greenhouse/v1/boards/{a.slug}/offices"), public()
    ),
    "GET /compat/lever/v0/postings/{slug}": Row(at("/compat/lever/v0/postings/{a.slug}"), public()),
    "GET /v1/countries": Row(at("/v1/countries"), public()),
    "GET /v1/languages": Row(at("/v1/languages"), public()),
    "GET /v1/requirements": Row(at("/v1/requirements"), public()),
    "GET /v1/events/schemas": Row(at("/v1/events/schemas"), public()),
    "GET /v1/events/schemas/{event_type}": Row(
        at("/v1/events/schemas/jobboard.posting.published"), public()
    ),
    "GET /v1/events/schemas/{event_type}/versions/{version}": Row(
        at("/v1/events/schemas/jobboard.posting.published/versions/1"), public()
    ),
    "POST /v1/companies": Row(signup_body, public(201)),
    "GET /v1/employer/company": Row(at("/v1/employer/company"), employer(200, b=200)),
    "PATCH /v1/employer/company": Row(
        at("/v1/employer/company", {"description": "Updated by {caller}"}), employer(200, b=200)
    ),
    "GET /v1/employer/postings": Row(at("/v1/employer/postings"), employer(200, b=200)),
    "POST /v1/employer/postings": Row(
        at("/v1/employer/postings", posting_body()), employer(201, b=201)
    ),
    "POST /v1/employer/postings/import": Row(
        at("/v1/employer/postings/import", {"text": "Backend Engineer\n\nWe build APIs."}),
        employer(201, b=201),
    ),
    "GET /v1/employer/postings/{posting_id}": Row(
        at("/v1/employer/postings/{a_draft}"), employer(200)
    ),
    "PATCH /v1/employer/postings/{posting_id}": Row(
        at("/v1/employer/postings/{a_draft}", REVISION, If_Match='"1"'), employer(200)
    ),
    "POST /v1/employer/postings/{posting_id}/publish": Row(
        at("/v1/employer/postings/{a_to_publish}/publish"), employer(200)
    ),
    "POST /v1/employer/postings/{posting_id}/close": Row(
        at("/v1/employer/postings/{a_to_close}/close"), employer(200)
    ),
    "POST /v1/employer/api-keys": Row(at("/v1/employer/api-keys"), employer(201, b=201)),
    "DELETE /v1/employer/api-keys/{key_id}": Row(
        at("/v1/employer/api-keys/{a_spare_key_id}"), employer(204)
    ),
    "POST /v1/admin/companies/{company_id}/verify": Row(
        at("/v1/admin/companies/{pending_company}/verify"), admin(200)
    ),
    "POST /v1/admin/companies/{company_id}/suspend": Row(
        at("/v1/admin/companies/{to_suspend_company}/suspend", {"reason": "fraud"}), admin(200)
    ),
    "POST /v1/admin/companies/{company_id}/reinstate": Row(
        at("/v1/admin/companies/{suspended_company}/reinstate"), admin(200)
    ),
    "POST /v1/admin/postings/{posting_id}/take-down": Row(
        at("/v1/admin/postings/{a_to_take_down}/take-down", {"reason": "spam"}), admin(200)
    ),
    "POST /v1/admin/postings/expire": Row(at("/v1/admin/postings/expire"), admin(200)),
    "POST /v1/admin/applications/purge": Row(at("/v1/admin/applications/purge"), admin(200)),
    "POST /v1/admin/requirements": Row(
        at("/v1/admin/requirements", {"name": "Elixir", "kind": "skill"}), admin(201)
    ),
    "PATCH /v1/admin/requirements/{requirement_id}": Row(
        at("/v1/admin/requirements/{requirement}", {"name": "Golang"}), admin(200)
    ),
    "POST /v1/admin/requirements/{requirement_id}/aliases": Row(
        at("/v1/admin/requirements/{requirement}/aliases", {"aliases": ["go-lang"]}), admin(200)
    ),
    "POST /v1/admin/requirements/{requirement_id}/merge": Row(
        at("/v1/admin/requirements/{other_requirement}/merge", {"into": "{requirement}"}),
        admin(200),
    ),
    "POST /v1/admin/read-models/rebuild": Row(at("/v1/admin/read-models/rebuild"), admin(200)),
    "GET /v1/admin/read-models/verify": Row(at("/v1/admin/read-models/verify"), admin(200)),
    "GET /v1/admin/audit": Row(at("/v1/admin/audit"), admin(200)),
    "POST /v1/postings/{posting_id}/applications": Row(
        at(
            "/v1/postings/{a_board}/applications",
            {
                "name": "Candidate {caller}",
                "email": "{caller}@example.com",
                "resume_text": "Backend engineer.",
                "consent_to_retention": True,
            },
        ),
        public(201),
    ),
    "DELETE /v1/applications/{application_id}": Row(withdraw, WITHDRAWN),
    "GET /v1/employer/postings/{posting_id}/applications": Row(
        at("/v1/employer/postings/{a_board}/applications"), employer(200)
    ),
    "GET /v1/employer/applications/{application_id}": Row(
        at("/v1/employer/applications/{a_application}"), employer(200)
    ),
    "GET /v1/employer/applications/{application_id}/resume": Row(
        at("/v1/employer/applications/{a_application}/resume"), employer(200)
    ),
    "POST /v1/employer/applications/{application_id}/status": Row(
        at("/v1/employer/applications/{a_application}/status", {"status": "reviewed"}),
        employer(200),
    ),
    # moderation: reports are public, one per address and posting (every caller here calls
    # from the same address: the first report is filed, the others are 409).
    "POST /v1/postings/{posting_id}/reports": Row(
        at("/v1/postings/{a_public}/reports", {"reason": "scam"}),
        {**public(409), "anonymous": 201},
    ),
    "GET /v1/admin/moderation": Row(at("/v1/admin/moderation"), admin(200)),
    "POST /v1/admin/postings/{posting_id}/approve": Row(
        at("/v1/admin/postings/{a_to_approve}/approve"), admin(200)
    ),
    "POST /v1/admin/postings/{posting_id}/reject": Row(
        at("/v1/admin/postings/{a_to_reject}/reject", {"reason": "scam", "note": "a fee"}),
        admin(200),
    ),
    "GET /v1/admin/postings/{posting_id}/reports": Row(
        at("/v1/admin/postings/{a_to_approve}/reports"), admin(200)
    ),
    "POST /v1/admin/reports/{report_id}/dismiss": Row(
        at("/v1/admin/reports/{a_report}/dismiss"), admin(200)
    ),
    # Job alerts (issue 20 item 3): public; a link's token, not a key, is what counts.
    "POST /v1/alerts": Row(
        at("/v1/alerts", {"email": "{caller}@example.com", "filters": {"q": "go"}}), public(202)
    ),
    "GET /v1/alerts/confirm": Row(at("/v1/alerts/confirm?token=unknown"), public(404)),
    "POST /v1/alerts/confirm": Row(at("/v1/alerts/confirm?token=unknown"), public(404)),
    "GET /v1/alerts/unsubscribe": Row(at("/v1/alerts/unsubscribe?token=unknown"), public(404)),
    "POST /v1/alerts/unsubscribe": Row(at("/v1/alerts/unsubscribe?token=unknown"), public(404)),
    # Signed webhooks: A's endpoints, and the board-wide ones (see _webhook_world).
    "POST /v1/employer/webhooks": Row(
        at("/v1/employer/webhooks", {"url": HOOK_URL, "event_types": ["posting.closed"]}),
        employer(201, b=201),
    ),
    "GET /v1/employer/webhooks": Row(at("/v1/employer/webhooks"), employer(200, b=200)),
    "GET /v1/employer/webhooks/{webhook_id}": Row(
        at("/v1/employer/webhooks/{webhooks[a]}"), employer(200)
    ),
    "DELETE /v1/employer/webhooks/{webhook_id}": Row(
        at("/v1/employer/webhooks/{webhooks[a_doomed]}"), employer(204)
    ),
    "POST /v1/employer/webhooks/{webhook_id}/rotate-secret": Row(
        at("/v1/employer/webhooks/{webhooks[a]}/rotate-secret"), employer(200)
    ),
    "POST /v1/employer/webhooks/{webhook_id}/enable": Row(
        at("/v1/employer/webhooks/{webhooks[a_disabled]}/enable"), employer(200)
    ),
    "GET /v1/employer/webhooks/{webhook_id}/deliveries": Row(
        at("/v1/employer/webhooks/{webhooks[a]}/deliveries"), employer(200)
    ),
    "POST /v1/employer/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver": Row(
        at("/v1/employer/webhooks/{webhooks[a]}/deliveries/{webhooks[a_delivery]}/redeliver"),
        employer(202),
    ),
    "POST /v1/admin/webhooks": Row(
        at("/v1/admin/webhooks", {"url": HOOK_URL, "event_types": ["posting.closed"]}),
        admin(201),
    ),
    "GET /v1/admin/webhooks": Row(at("/v1/admin/webhooks"), admin(200)),
    "GET /v1/admin/webhooks/{webhook_id}": Row(
        at("/v1/admin/webhooks/{webhooks[board]}"), admin(200)
    ),
    "DELETE /v1/admin/webhooks/{webhook_id}": Row(
        at("/v1/admin/webhooks/{webhooks[board_doomed]}"), admin(204)
    ),
    "POST /v1/admin/webhooks/{webhook_id}/rotate-secret": Row(
        at("/v1/admin/webhooks/{webhooks[board]}/rotate-secret"), admin(200)
    ),
    "POST /v1/admin/webhooks/{webhook_id}/enable": Row(
        at("/v1/admin/webhooks/{webhooks[board_disabled]}/enable"), admin(200)
    ),
    "GET /v1/admin/webhooks/{webhook_id}/deliveries": Row(
        at("/v1/admin/webhooks/{webhooks[board]}/deliveries"), admin(200)
    ),
    "POST /v1/admin/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver": Row(
        at("/v1/admin/webhooks/{webhooks[board]}/deliveries/{webhooks[board_delivery]}/redeliver"),
        admin(202),
    ),
}


async def _in_review(container: Container, client: httpx.AsyncClient, owner: Employer) -> str:
    """A public posting reported past the threshold (3, from three addresses): in review."""
    posting_id = await published(client, owner)
    report = container.application().commands.report_posting
    for n in range(3):
        await report(ReportPosting(PostingId(UUID(posting_id)), "scam", None, f"192.0.2.{n}"))
    return posting_id


def _served_operations() -> set[str]:
    url = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
    app = create_app(Container(settings=Settings(database_url=url), database_url=url))
    document = app.openapi_schema.to_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    }


def test_every_route_the_app_serves_has_a_row_in_the_matrix() -> None:
    assert set(MATRIX) == _served_operations()


async def _world(
    client: httpx.AsyncClient, admin_headers: dict[str, str], container: Container
) -> World:
    a = await sign_up(client, "Alpha Works")
    b = await sign_up(client, "Beta Works")
    await verify(client, admin_headers, a)
    await verify(client, admin_headers, b)
    a_public, a_to_close, a_to_take_down, b_public = [
        await published(client, owner) for owner in (a, a, a, b)
    ]
    a_draft = (await draft(client, a, title="Alpha secret draft")).json()["id"]
    a_to_publish = (await draft(client, a)).json()["id"]
    b_draft = (await draft(client, b, title="Beta secret draft")).json()["id"]
    spare = (await client.post("/v1/employer/api-keys", headers=a.headers)).json()
    doomed = (await client.post("/v1/employer/api-keys", headers=a.headers)).json()
    revoked = await client.delete(f"/v1/employer/api-keys/{doomed['id']}", headers=a.headers)
    assert revoked.status_code == 204
    pending = await sign_up(client, "Pending Works")
    to_suspend = await sign_up(client, "Doomed Works")
    suspended = await sign_up(client, "Suspended Works")
    await suspend(client, admin_headers, suspended)
    requirements = [
        (
            await client.post(
                "/v1/admin/requirements", json={"name": n, "kind": "skill"}, headers=admin_headers
            )
        ).json()["id"]
        for n in ("Go", "Golang Tooling")
    ]
    a_board = await published(client, a, application_method={"kind": "board"})
    applied = [
        (
            await client.post(
                f"/v1/postings/{a_board}/applications",
                data={**APPLICANT, "email": email, "consent_to_retention": "true"},
                files={"resume": ("cv.pdf", b"%PDF-1.4 resume", "application/pdf")},
            )
        ).json()
        for email in (APPLICANT["email"], "leaving@example.com")
    ]
    await until_listed(client, {a_public, b_public})
    world = World(
        a=a,
        b=b,
        admin=admin_headers,
        a_public=a_public,
        a_draft=a_draft,
        a_to_publish=a_to_publish,
        a_to_close=a_to_close,
        a_to_take_down=a_to_take_down,
        b_public=b_public,
        b_draft=b_draft,
        a_spare_key_id=spare["id"],
        revoked_key=doomed["api_key"],
        pending_company=pending.company_id,
        to_suspend_company=to_suspend.company_id,
        suspended_company=suspended.company_id,
        requirement=requirements[0],
        other_requirement=requirements[1],
        a_board=a_board,
        a_application=applied[0]["id"],
        a_to_withdraw=applied[1]["id"],
        a_withdraw_token=applied[1]["withdraw_token"],
        a_to_approve=await _in_review(container, client, a),
        a_to_reject=await _in_review(container, client, a),
    )
    world.a_report = (
        await container.application().commands.report_posting(
            ReportPosting(PostingId(UUID(b_public)), "other", None, "192.0.2.99")
        )
    ).id.hex
    # What each caller must never read. No key is ever echoed back after it was issued.
    keys = {a.api_key, b.api_key, spare["api_key"], doomed["api_key"]}
    drafts = {a_draft, b_draft, "Alpha secret draft", "Beta secret draft"}
    # An applicant is seen by the posting's employer only; a token by no one after.
    applicant = {*APPLICANT.values(), applied[0]["withdraw_token"]}
    world.secrets = {
        "anonymous": drafts | keys | applicant,
        "revoked": drafts | keys | applicant,
        "malformed": drafts | keys | applicant,
        "employer_a": {b_draft, "Beta secret draft", b.company_id, applied[0]["withdraw_token"]}
        | keys,
        "employer_b": {a_draft, "Alpha secret draft", a.company_id, spare["id"]} | keys | applicant,
        "admin": keys | applicant,
    }
    return world


async def _webhook_world(client: httpx.AsyncClient, container: Container, world: World) -> None:
    """A's endpoints and two board-wide ones, each first one with a delivery (fanned out
    by the worker, never sent); their secrets join what no caller may read again."""

    async def register(base: str, headers: dict[str, str]) -> dict[str, Any]:
        body = {"url": "http://127.0.0.1:9/hook", "event_types": ["posting.published"]}
        response = await client.post(base, json=body, headers=headers)
        assert response.status_code == 201, response.text
        made: dict[str, Any] = response.json()
        return made

    made = {
        "a": await register("/v1/employer/webhooks", world.a.headers),
        "a_doomed": await register("/v1/employer/webhooks", world.a.headers),
        "board": await register("/v1/admin/webhooks", world.admin),
        "board_doomed": await register("/v1/admin/webhooks", world.admin),
        "a_disabled": await register("/v1/employer/webhooks", world.a.headers),
        "board_disabled": await register("/v1/admin/webhooks", world.admin),
    }
    for name in ("a_disabled", "board_disabled"):  # as a 410 would have left them
        async with container.webhook_unit_of_work() as uow:
            endpoint = await uow.endpoints.get(WebhookEndpointId(UUID(made[name]["id"])))
            endpoint.disable("the receiver answered 410 Gone", datetime.now(UTC))
            await uow.commit()
    await published(client, world.a)
    await container.webhook_worker().fan_out()
    world.webhooks = {name: hook["id"] for name, hook in made.items()}
    for name, base, headers in (
        ("a", "/v1/employer/webhooks", world.a.headers),
        ("board", "/v1/admin/webhooks", world.admin),
    ):
        log = await client.get(f"{base}/{made[name]['id']}/deliveries", headers=headers)
        world.webhooks[f"{name}_delivery"] = log.json()["deliveries"][0]["id"]
    for caller in CALLERS:
        world.secrets[caller] |= {hook["secret"] for hook in made.values()}
    world.secrets["employer_b"] |= {made["a"]["id"], made["a_doomed"]["id"]}


async def test_each_caller_gets_the_status_the_matrix_says_and_sees_nothing_it_must_not(
    client: httpx.AsyncClient, container: Container, admin_headers: dict[str, str]
) -> None:
    """One board for the whole matrix: every row that changes state has a target of its own,
    so the rows do not disturb each other."""
    world = await _world(client, admin_headers, container)
    await _webhook_world(client, container, world)

    wrong: list[str] = []
    calls = 0
    for operation in sorted(MATRIX):
        method = operation.split(" ")[0]
        row = MATRIX[operation]
        for caller in CALLERS:
            call = row.build(world, caller)
            response = await client.request(
                method,
                call.path,
                json=call.body,
                headers={**world.headers(caller), **call.headers},
            )
            calls += 1
            if response.status_code != row.expect[caller]:
                wrong.append(
                    f"{operation} as {caller}: {response.status_code}, not {row.expect[caller]}:"
                    f" {response.text[:200]}"
                )
            # A secret the caller sent (an id in the path) may be echoed; any other may not.
            sent = f"{call.path} {call.body}"
            leaked = {s for s in world.secrets[caller] if s in response.text and s not in sent}
            assert not leaked, f"{operation} as {caller} leaked {leaked}: {response.text[:300]}"

    assert not wrong, "\n".join(wrong)
    # Whatever the calls changed, the drafts stayed off the public board.
    await container.projector().drain()
    listing = await client.get("/v1/postings?limit=100")
    for posting_id in (world.a_draft, world.b_draft):
        assert posting_id not in listing.text
        assert (await client.get(f"/v1/postings/{posting_id}")).status_code == 404
    FIGURES["authorization matrix"] = (
        f"{len(MATRIX)} operations x {len(CALLERS)} callers = {calls} calls; "
        f"{len(wrong)} unexpected statuses; 0 leaks"
    )
