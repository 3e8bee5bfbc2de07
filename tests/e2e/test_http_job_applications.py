"""Applying on the board, over HTTP against PostgreSQL: a candidate applies to a posting
applied to on the board (a résumé file or text), its employer alone reads the application
and downloads the résumé byte for byte, moves it along its review, and the candidate's
withdraw token erases it. Bad input is a problem naming the field, and writes nothing."""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container, release
from adapters.settings import Settings
from e2e.board import Employer, assert_problem, draft, published, verified_employer
from e2e_support import admin_bearer, bearer, board_client

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 40 + b"%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NAME, EMAIL = "Ada Lovelace-Byron", "ada.lovelace@analytical.example"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _form(**overrides: Any) -> dict[str, str]:
    fields = {
        "name": NAME,
        "email": EMAIL,
        "phone": "+44 20 7946 0958",
        "cover_note": "I would like to build engines.",
        "consent_to_retention": "true",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


async def _board_posting(client: httpx.AsyncClient, admin: dict[str, str], name: str) -> Any:
    employer = await verified_employer(client, admin, name)
    posting_id = await published(client, employer, application_method={"kind": "board"})
    return employer, posting_id


async def _apply(
    client: httpx.AsyncClient,
    posting_id: str,
    resume: tuple[str, bytes, str] | None = ("cv.pdf", PDF, "application/pdf"),
    **fields: Any,
) -> httpx.Response:
    files = {"resume": resume} if resume is not None else None
    return await client.post(
        f"/v1/postings/{posting_id}/applications", data=_form(**fields), files=files
    )


async def _rows(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.connect() as connection:
        applications = await connection.scalar(text("SELECT count(*) FROM job_applications"))
        resumes = await connection.scalar(text("SELECT count(*) FROM application_resumes"))
    return int(applications or 0), int(resumes or 0)


async def test_a_resume_goes_to_its_employer_byte_for_byte_and_to_no_one_else(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer, posting_id = await _board_posting(client, admin_headers, "Engines Ltd")
    other = await verified_employer(client, admin_headers, "Rival Ltd")

    applied = await _apply(client, posting_id)

    assert applied.status_code == 201, applied.text
    answer = applied.json()
    assert answer["status"] == "new" and answer["withdraw_token"].startswith("jbw_")
    assert answer["retention_days"] == 180
    application_id = answer["id"]

    listed = await client.get(
        f"/v1/employer/postings/{posting_id}/applications", headers=employer.headers
    )
    assert listed.status_code == 200, listed.text
    [item] = listed.json()["items"]
    assert (item["id"], item["name"], item["email"]) == (application_id, NAME, EMAIL)
    assert item["resume"] == {"content_type": "application/pdf", "size": len(PDF)}
    assert "withdraw_token_hash" not in item

    one = await client.get(f"/v1/employer/applications/{application_id}", headers=employer.headers)
    assert one.json()["phone"] == "+44 20 7946 0958"
    resume = await client.get(
        f"/v1/employer/applications/{application_id}/resume", headers=employer.headers
    )
    assert resume.status_code == 200
    assert resume.content == PDF
    assert resume.headers["content-type"] == "application/pdf"
    assert resume.headers["cache-control"] == "no-store"

    for path in (
        f"/v1/employer/postings/{posting_id}/applications",
        f"/v1/employer/applications/{application_id}",
        f"/v1/employer/applications/{application_id}/resume",
    ):
        assert_problem(await client.get(path, headers=other.headers), 404, "not-found")
        assert (await client.get(path)).status_code == 401
    moved = await client.post(
        f"/v1/employer/applications/{application_id}/status",
        json={"status": "reviewed"},
        headers=other.headers,
    )
    assert_problem(moved, 404, "not-found")


@pytest.mark.parametrize(
    "resume",
    [("cv.docx", _docx(), DOCX_TYPE), ("cv.txt", b"Engines, 1843.\n", "text/plain")],
    ids=["docx", "text"],
)
async def test_docx_and_plain_text_resumes_are_taken_by_their_bytes(
    client: httpx.AsyncClient, admin_headers: dict[str, str], resume: tuple[str, bytes, str]
) -> None:
    employer, posting_id = await _board_posting(client, admin_headers, "Docs Ltd")
    # Declared as nothing in particular: the bytes alone say what it is.
    applied = await _apply(client, posting_id, (resume[0], resume[1], "application/octet-stream"))
    assert applied.status_code == 201, applied.text

    download = await client.get(
        f"/v1/employer/applications/{applied.json()['id']}/resume", headers=employer.headers
    )
    assert download.content == resume[1]
    assert download.headers["content-type"].startswith(resume[2])


async def test_a_resume_may_be_sent_as_text_in_json(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer, posting_id = await _board_posting(client, admin_headers, "Text Ltd")

    applied = await client.post(
        f"/v1/postings/{posting_id}/applications",
        json={
            "name": NAME,
            "email": EMAIL,
            "resume_text": "Wrote the first program.",
            "consent_to_retention": True,
        },
    )

    assert applied.status_code == 201, applied.text
    view = await client.get(
        f"/v1/employer/applications/{applied.json()['id']}", headers=employer.headers
    )
    assert (view.json()["resume"], view.json()["resume_text"]) == (
        None,
        "Wrote the first program.",
    )
    no_file = await client.get(
        f"/v1/employer/applications/{applied.json()['id']}/resume", headers=employer.headers
    )
    assert_problem(no_file, 404, "not-found")


async def test_withdrawing_with_the_token_erases_the_application_and_its_file(
    client: httpx.AsyncClient, admin_headers: dict[str, str], clean_database: AsyncEngine
) -> None:
    employer, posting_id = await _board_posting(client, admin_headers, "Gone Ltd")
    applied = (await _apply(client, posting_id)).json()
    assert await _rows(clean_database) == (1, 1)
    path = f"/v1/applications/{applied['id']}"

    assert_problem(await client.delete(path), 404, "not-found")
    assert_problem(await client.delete(path, headers=bearer("jbw_wrong")), 404, "not-found")
    assert await _rows(clean_database) == (1, 1)

    withdrawn = await client.delete(path, headers=bearer(applied["withdraw_token"]))

    assert withdrawn.status_code == 204, withdrawn.text
    assert await _rows(clean_database) == (0, 0)
    gone = await client.get(f"/v1/employer/applications/{applied['id']}", headers=employer.headers)
    assert_problem(gone, 404, "not-found")
    again = await client.delete(path, headers=bearer(applied["withdraw_token"]))
    assert_problem(again, 404, "not-found")
    # The same address may apply again once it withdrew.
    assert (await _apply(client, posting_id)).status_code == 201


async def test_the_employer_moves_an_application_along_its_review(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer, posting_id = await _board_posting(client, admin_headers, "Review Ltd")
    application_id = (await _apply(client, posting_id)).json()["id"]
    path = f"/v1/employer/applications/{application_id}/status"

    early = await client.post(path, json={"status": "shortlisted"}, headers=employer.headers)
    assert_problem(early, 409, "invalid-transition")
    bad = await client.post(path, json={"status": "hired"}, headers=employer.headers)
    assert_problem(bad, 422, "invariant-violated", fields={"status"})

    reviewed = await client.post(path, json={"status": "reviewed"}, headers=employer.headers)
    shortlisted = await client.post(path, json={"status": "shortlisted"}, headers=employer.headers)

    assert reviewed.json()["status"] == "reviewed"
    assert shortlisted.status_code == 200, shortlisted.text
    assert shortlisted.json()["status"] == "shortlisted"
    final = await client.post(path, json={"status": "rejected"}, headers=employer.headers)
    assert_problem(final, 409, "invalid-transition")


async def test_applications_are_listed_newest_first_a_page_at_a_time(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer, posting_id = await _board_posting(client, admin_headers, "Busy Ltd")
    sent = [
        (await _apply(client, posting_id, email=f"candidate{n}@example.com")).json()["id"]
        for n in range(3)
    ]
    path = f"/v1/employer/postings/{posting_id}/applications"

    first = (await client.get(f"{path}?limit=2", headers=employer.headers)).json()
    second = await client.get(
        f"{path}?limit=2&cursor={first['next_cursor']}", headers=employer.headers
    )

    assert [i["id"] for i in first["items"]] == sent[:0:-1]
    assert [i["id"] for i in second.json()["items"]] == sent[:1]
    assert second.json()["next_cursor"] is None
    junk = await client.get(f"{path}?cursor=nonsense", headers=employer.headers)
    assert_problem(junk, 400, "invalid-parameter", fields={"cursor"})


async def test_one_application_per_address_and_posting(
    client: httpx.AsyncClient, admin_headers: dict[str, str], clean_database: AsyncEngine
) -> None:
    _, posting_id = await _board_posting(client, admin_headers, "Once Ltd")
    assert (await _apply(client, posting_id)).status_code == 201

    again = await _apply(client, posting_id, email=EMAIL.upper())

    assert_problem(again, 409, "already-exists", fields={"email"})
    assert await _rows(clean_database) == (1, 1)


async def test_only_public_postings_applied_to_on_the_board_take_applications(
    client: httpx.AsyncClient, admin_headers: dict[str, str], clean_database: AsyncEngine
) -> None:
    employer = await verified_employer(client, admin_headers, "Elsewhere Ltd")
    at_url = await published(client, employer)  # applied to at the employer's URL
    a_draft = (await draft(client, employer, application_method={"kind": "board"})).json()["id"]

    assert_problem(await _apply(client, at_url), 409, "not-applied-on-board")
    assert_problem(await _apply(client, a_draft), 404, "not-found")
    unknown = "00000000-0000-4000-8000-000000000000"
    assert_problem(await _apply(client, unknown), 404, "not-found")
    assert await _rows(clean_database) == (0, 0)


@pytest.mark.parametrize(
    ("resume", "fields", "status", "code", "field"),
    [
        (("cv.pdf", PNG, "application/pdf"), {}, 415, "resume-type-unsupported", "resume"),
        (("cv.pdf", b"plain words", "application/pdf"), {}, 422, "resume-type-mismatch",
         "resume"),
        (("cv.pdf", PNG, "application/octet-stream"), {}, 415, "resume-type-unsupported", "resume"),
        (("cv.pdf", b"%PDF-" + bytes(5 * 1024 * 1024), "application/pdf"), {}, 413,
         "resume-too-large", "resume"),
        (("cv.pdf", PDF, "application/pdf"), {"consent_to_retention": "false"}, 422,
         "invariant-violated", "consent_to_retention"),
        (("cv.pdf", PDF, "application/pdf"), {"consent_to_retention": None}, 422,
         "validation-failed", "consent_to_retention"),
        (("cv.pdf", PDF, "application/pdf"), {"email": "ada at home"}, 422,
         "invariant-violated", "email"),
        (("cv.pdf", PDF, "application/pdf"), {"name": None}, 422, "validation-failed", "name"),
        (("cv.pdf", PDF, "application/pdf"), {"phone": "call me"}, 422, "invariant-violated",
         "phone"),
        (("cv.pdf", PDF, "application/pdf"), {"resume_text": "and text too"}, 422,
         "invariant-violated", "resume"),
        (None, {}, 422, "invariant-violated", "resume"),
    ],
    ids=[
        "png-as-pdf", "text-as-pdf", "png", "over-5-mb", "no-consent", "consent-missing",
        "bad-email", "no-name", "bad-phone", "file-and-text", "no-resume",
    ],
)  # fmt: skip
async def test_bad_input_is_a_problem_naming_the_field_and_stores_nothing(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    clean_database: AsyncEngine,
    resume: tuple[str, bytes, str] | None,
    fields: dict[str, Any],
    status: int,
    code: str,
    field: str,
) -> None:
    _, posting_id = await _board_posting(client, admin_headers, "Strict Ltd")

    response = await _apply(client, posting_id, resume, **fields)

    assert_problem(response, status, code, fields={field})
    assert await _rows(clean_database) == (0, 0)


async def test_another_body_type_is_415(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    _, posting_id = await _board_posting(client, admin_headers, "Picky Ltd")

    response = await client.post(
        f"/v1/postings/{posting_id}/applications",
        content=b"name=x",
        headers={"content-type": "text/plain"},
    )

    assert_problem(response, 415, "unsupported-media-type")


async def test_no_personal_data_reaches_the_outbox_or_the_logs(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    clean_database: AsyncEngine,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    employer, posting_id = await _board_posting(client, admin_headers, "Quiet Ltd")
    applied = (await _apply(client, posting_id)).json()
    path = f"/v1/employer/applications/{applied['id']}"
    await client.get(path, headers=employer.headers)
    await client.post(f"{path}/status", json={"status": "reviewed"}, headers=employer.headers)
    await _apply(client, posting_id)  # a refused second one logs nothing of it either
    await client.delete(
        f"/v1/applications/{applied['id']}", headers=bearer(applied["withdraw_token"])
    )

    async with clean_database.connect() as connection:
        rows = (
            await connection.execute(
                text(
                    "SELECT event_type, payload::text FROM outbox"
                    " WHERE aggregate_type = 'JobApplication' ORDER BY id"
                )
            )
        ).all()
    assert [row[0] for row in rows] == [
        "ApplicationSubmitted",
        "ApplicationStatusChanged",
        "ApplicationWithdrawn",
    ]
    logged = caplog.text + "".join(capfd.readouterr())
    for secret in (
        NAME,
        EMAIL,
        "Lovelace",
        "analytical.example",
        "7946",
        applied["withdraw_token"],
    ):
        assert all(secret not in payload for _, payload in rows), secret
        assert secret not in logged, secret


@pytest.fixture
async def limited(database_url: str, clean_database: AsyncEngine) -> AsyncIterator[Container]:
    settings = Settings(
        database_url=database_url,
        run_projector=False,
        projector_poll_seconds=0.2,
        rate_limit_applications_per_address=2,
        rate_limit_applications_per_posting=3,
    )
    container = Container(settings=settings, database_url=database_url)
    yield container
    await release(container)


async def test_applications_are_rate_limited_per_address_and_per_posting(
    limited: Container,
) -> None:
    admin = await admin_bearer(limited)
    async with board_client(limited) as client:
        employer: Employer
        employer, posting_id = await _board_posting(client, admin, "Popular Ltd")
        for n in range(2):
            sent = await _apply(client, posting_id, email=f"c{n}@example.com")
            assert sent.status_code == 201, sent.text

        refused = await _apply(client, posting_id, email="c9@example.com")

        assert_problem(refused, 429, "rate-limited")
        assert "applications-per-address" in refused.json()["detail"]
        assert int(refused.headers["retry-after"]) >= 1
        # Other writes from the address still pass: the limit is the applications'.
        assert (await draft(client, employer)).status_code == 201


def _raw_form(name_part: bytes, charset: str) -> tuple[bytes, str]:
    """A multipart form whose name part declares its own charset."""
    boundary = "jobboardboundary"
    parts = [
        (
            b'Content-Disposition: form-data; name="name"\r\n'
            + f"Content-Type: text/plain; charset={charset}\r\n\r\n".encode()
            + name_part
        ),
        b'Content-Disposition: form-data; name="email"\r\n\r\n' + EMAIL.encode(),
        b'Content-Disposition: form-data; name="resume_text"\r\n\r\nEngineer.',
        b'Content-Disposition: form-data; name="consent_to_retention"\r\n\r\ntrue',
    ]
    body = b"".join(f"--{boundary}\r\n".encode() + p + b"\r\n" for p in parts)
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize(
    ("charset", "name", "status"),
    [("bogus", b"Ada", 400), ("utf-7", b"A+2AA-B", 422)],  # utf-7 decodes to a lone surrogate
)
async def test_a_form_part_in_a_charset_that_cannot_be_stored_is_refused_storing_nothing(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    clean_database: AsyncEngine,
    charset: str,
    name: bytes,
    status: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, posting_id = await _board_posting(client, admin_headers, f"Charset {charset} Ltd")
    body, content_type = _raw_form(name, charset)

    response = await client.post(
        f"/v1/postings/{posting_id}/applications",
        content=body,
        headers={"Content-Type": content_type},
    )

    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert await _rows(clean_database) == (0, 0)
    assert EMAIL not in caplog.text
