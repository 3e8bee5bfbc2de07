"""Hostile input gets a 4xx problem, writes nothing, and never reaches a 5xx or a traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.settings import Settings
from e2e.board import Employer, assert_problem, published, verified_employer
from e2e_support import posting_body

PROBLEM_JSON = "application/problem+json"
LIMIT = Settings().max_body_bytes


@pytest.fixture
async def employer(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> Employer:
    return await verified_employer(client, admin_headers, "Target Ltd")


async def _rows(engine: AsyncEngine) -> tuple[int, int, int]:
    async with engine.connect() as connection:
        counts = await connection.execute(
            text(
                "SELECT (SELECT count(*) FROM postings), (SELECT count(*) FROM companies),"
                " (SELECT count(*) FROM outbox)"
            )
        )
        row = counts.one()
        return row[0], row[1], row[2]


def assert_refused(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    """A 4xx problem (one of ``statuses`` when given), with no trace of the server's insides."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    if statuses:
        assert response.status_code in statuses, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith(PROBLEM_JSON), response.headers
    for tell in ("Traceback", 'File "', "sqlalchemy", "asyncpg", "psycopg"):
        assert tell not in response.text, response.text[:500]
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code and body["detail"], body
    return body


async def test_a_body_over_the_limit_answers_413(
    client: httpx.AsyncClient, employer: Employer, clean_database: AsyncEngine
) -> None:
    before = await _rows(clean_database)
    huge = posting_body(description="x" * LIMIT)

    response = await client.post("/v1/employer/postings", json=huge, headers=employer.headers)

    assert_problem(response, 413, "payload-too-large")
    assert await _rows(clean_database) == before


async def test_a_chunked_body_over_the_limit_answers_413(
    client: httpx.AsyncClient, employer: Employer, clean_database: AsyncEngine
) -> None:
    before = await _rows(clean_database)

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"title": "Engineer", "description": "'
        for _ in range(LIMIT // 65_536 + 1):
            yield b"y" * 65_536
        yield b'"}'

    response = await client.post(
        "/v1/employer/postings",
        content=chunks(),
        headers={**employer.headers, "Content-Type": "application/json"},
    )

    assert_problem(response, 413, "payload-too-large")
    assert await _rows(clean_database) == before


HOSTILE_BODIES: dict[str, bytes] = {
    "deeply nested arrays": b"[" * 200_000 + b"]" * 200_000,
    "deeply nested objects": b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    "invalid UTF-8": b'{"title": "\xff\xfe\xfd", "description": "\xc3\x28"}',
    "a lone surrogate escape": b'{"title": "\\ud800", "description": "d"}',
    "truncated JSON": b'{"title": "Engineer", "description": ',
    "a NUL byte in a string": b'{"title": "Eng\\u0000ineer", "description": "d", "language": "en",'
    b' "workplace": "remote", "employment_type": "full_time"}',
    "a raw NUL byte": b'{"title": "Eng\x00ineer"}',
    "not JSON at all": b"\x00\x01\x02\x03",
    "a huge number": b'{"title": "E", "description": "d", "language": "en", "workplace": "remote",'
    b' "employment_type": "full_time", "salary": {"min": 1e999999, "max": 1e999999,'
    b' "currency": "EUR", "period": "year"}}',
    "10k requirements": (
        b'{"title": "E", "description": "d", "language": "en", "workplace": "remote",'
        b' "employment_type": "full_time", "requirements": ['
        + b",".join(b'{"name": "Skill %d"}' % i for i in range(10_000))
        + b"]}"
    ),
    "10k responsibilities": (
        b'{"title": "E", "description": "d", "language": "en", "workplace": "remote",'
        b' "employment_type": "full_time", "responsibilities": ['
        + b",".join(b'"line %d"' % i for i in range(10_000))
        + b"]}"
    ),
    "10k locations": (
        b'{"title": "E", "description": "d", "language": "en", "workplace": "remote",'
        b' "employment_type": "full_time", "locations": ['
        + b",".join(b'{"country": "FR"}' for _ in range(10_000))
        + b"]}"
    ),
    "an unknown workplace": b'{"title": "E", "description": "d", "language": "en",'
    b' "workplace": "moon", "employment_type": "full_time"}',
    "an unknown employment type": b'{"title": "E", "description": "d", "language": "en",'
    b' "workplace": "remote", "employment_type": "forever"}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_BODIES))
async def test_a_hostile_posting_body_is_refused_and_writes_nothing(
    client: httpx.AsyncClient, employer: Employer, clean_database: AsyncEngine, name: str
) -> None:
    before = await _rows(clean_database)

    response = await client.post(
        "/v1/employer/postings",
        content=HOSTILE_BODIES[name],
        headers={**employer.headers, "Content-Type": "application/json"},
    )

    assert_refused(response, 400, 413, 422)
    assert await _rows(clean_database) == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/companies", b'{"name": "Evil\\u0000Corp", "country": "GB"}'),
        ("/v1/companies", b'{"name": "Evil Corp", "country": "ZZ"}'),
        ("/v1/companies", b'{"name": "' + b"n" * 5_000 + b'", "country": "GB"}'),
        ("/v1/companies", b"[" * 100_000 + b"]" * 100_000),
        ("/v1/companies", b'{"name": "\xff", "country": "GB"}'),
        ("/v1/companies", b'{"name": ["a"] , "country": {"x": 1}}'),
    ],
)
async def test_a_hostile_sign_up_is_refused_and_registers_nothing(
    client: httpx.AsyncClient, clean_database: AsyncEngine, path: str, body: bytes
) -> None:
    before = await _rows(clean_database)

    response = await client.post(path, content=body, headers={"Content-Type": "application/json"})

    assert_refused(response, 400, 413, 422)
    assert await _rows(clean_database) == before


INJECTIONS = [
    "'; DROP TABLE postings; --",
    "' OR '1'='1",
    "engineer' UNION SELECT key_hash FROM api_keys --",
    "a & b | !c",
    "(((((",
    ")))))",
    "!!!!",
    "a:* <-> b:*",
    "a <2> b",
    "\\",
    "'",
    '"unterminated',
    "-" * 500,
    "or or or -",
    "%_%",
    "$1",
    "👩‍💻 " * 200,
]


@pytest.mark.parametrize("q", INJECTIONS)
async def test_sql_and_tsquery_syntax_in_q_is_only_ever_text(
    client: httpx.AsyncClient, employer: Employer, clean_database: AsyncEngine, q: str
) -> None:
    posting_id = await published(client, employer)
    before = await _rows(clean_database)

    response = await client.get("/v1/postings", params={"q": q, "facets": "country,requirement"})

    if response.status_code != 200:
        assert_refused(response, 400)
    else:
        assert isinstance(response.json()["items"], list)
        assert "key_hash" not in response.text
    assert await _rows(clean_database) == before
    still = await client.get(f"/v1/postings/{posting_id}")
    assert still.status_code in (200, 404)  # the board still answers; nothing was dropped


ABSURD_QUERIES = [
    "limit=-1",
    "limit=0",
    "limit=101",
    "limit=99999999999999999999999999999",
    "limit=abc",
    "limit=1e3",
    "cursor=not-a-cursor",
    "cursor=" + "A" * 10_000,
    "cursor=eyJ4IjogMX0=",
    "cursor=%00%00",
    "posted_within_days=-5",
    "posted_within_days=999999999999999",
    "posted_within_days=NaN",
    "salary_min=-1&currency=EUR",
    "salary_min=1e999999&currency=EUR",
    "salary_min=NaN&currency=EUR",
    "salary_min=100000&currency=ZZZZ",
    "workplace=moon",
    "employment_type=forever",
    "sort=random",
    "facets=passwords",
    "country=ZZZ",
    "language=klingon",
    "q=%00",
    "city=%00",
    "&".join(["country=FR"] * 5_000),
]


@pytest.mark.parametrize("query", ABSURD_QUERIES, ids=lambda q: q[:40])
async def test_absurd_search_parameters_answer_400(client: httpx.AsyncClient, query: str) -> None:
    response = await client.get(f"/v1/postings?{query}")

    assert_refused(response, 400)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/requirements?limit=-1",
        "/v1/requirements?limit=100000000000000000000",
        "/v1/requirements?kind=alien",
        "/v1/requirements?prefix=%00",
        "/v1/countries?language=%00%00",
        "/v1/countries?language=" + "x" * 5_000,
        "/v1/companies/" + "s" * 5_000,
        "/v1/postings/not-a-uuid",
        "/v1/postings/00000000-0000-0000-0000-000000000000%00",
    ],
    ids=lambda p: p[:50],
)
async def test_absurd_read_paths_answer_4xx(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert_refused(response, 400, 404)


@pytest.mark.parametrize(
    "valid_through",
    ["9999-99-99", "0001-01-01T00:00:00Z", "+275760-09-13T00:00:00Z", "yesterday", 1e30, None],
)
async def test_an_absurd_publish_date_is_refused_and_publishes_nothing(
    client: httpx.AsyncClient,
    employer: Employer,
    clean_database: AsyncEngine,
    valid_through: Any,
) -> None:
    created = await client.post(
        "/v1/employer/postings", json=posting_body(), headers=employer.headers
    )
    posting_id = created.json()["id"]
    body = {"valid_through": valid_through} if valid_through is not None else {"valid_through": []}

    response = await client.post(
        f"/v1/employer/postings/{posting_id}/publish", json=body, headers=employer.headers
    )

    assert_refused(response, 400, 409, 422)
    own = await client.get(f"/v1/employer/postings/{posting_id}", headers=employer.headers)
    assert own.json()["status"] == "draft"


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer " + "k" * 100_000,
        "Bearer jbe_\u00e9t\u00e9",
        "Bearer ' OR 1=1 --",
        "Bearer \t",
        "Bearer jbe_x jbe_y",
    ],
    ids=["huge", "non-ascii", "sql", "blank", "two keys"],
)
async def test_a_hostile_authorization_header_answers_401(
    client: httpx.AsyncClient, authorization: str
) -> None:
    response = await client.get(
        "/v1/employer/company", headers={b"Authorization": authorization.encode()}
    )

    assert_problem(response, 401, "unauthenticated")
