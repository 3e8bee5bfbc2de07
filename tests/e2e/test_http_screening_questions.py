"""Screening questions over HTTP against PostgreSQL: the draft defines them, candidates
answer them when they apply on the board (JSON or a form), every bad answer is named at
once with its JSON pointer and nothing is stored, the employer reads the answers with
their questions, and the Greenhouse compatible job lists them."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from e2e.board import Employer, assert_problem, draft, published, until_public, verified_employer
from e2e_support import posting_body

QUESTIONS: list[dict[str, Any]] = [
    {"id": "why_us", "text": "Why do you want to join?", "kind": "text", "required": True},
    {"id": "work_permit", "text": "Are you allowed to work in the UK?", "kind": "yes_no",
     "required": True},
    {"id": "notice", "text": "Your notice period?", "kind": "single_choice",
     "choices": ["none", "one month", "three months"]},
    {"id": "stack", "text": "What have you run in production?", "kind": "multi_choice",
     "choices": ["PostgreSQL", "Kafka", "Redis"]},
]  # fmt: skip
GOOD = {
    "why_us": "  I like job boards.  ",
    "work_permit": True,
    "notice": "one month",
    "stack": ["PostgreSQL", "Redis"],
}


async def _asking(client: httpx.AsyncClient, admin: dict[str, str]) -> tuple[Employer, str]:
    employer = await verified_employer(client, admin, "Curious Ltd")
    posting_id = await published(
        client, employer, application_method={"kind": "board"}, screening_questions=QUESTIONS
    )
    await until_public(client, posting_id)
    return employer, posting_id


def _application(**overrides: Any) -> dict[str, Any]:
    body = {
        "name": "Grace Hopper",
        "email": "grace@navy.example",
        "resume_text": "Compilers, COBOL, a moth.",
        "consent_to_retention": True,
        "answers": GOOD,
    }
    return body | overrides


async def _stored(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(text("SELECT count(*) FROM job_applications")) or 0)


async def test_valid_answers_reach_the_employer_with_their_questions(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer, posting_id = await _asking(client, admin_headers)

    applied = await client.post(f"/v1/postings/{posting_id}/applications", json=_application())

    assert applied.status_code == 201, applied.text
    one = await client.get(
        f"/v1/employer/applications/{applied.json()['id']}", headers=employer.headers
    )
    assert one.json()["answers"] == [
        {"question_id": "why_us", "question": "Why do you want to join?", "kind": "text",
         "answer": "I like job boards."},
        {"question_id": "work_permit", "question": "Are you allowed to work in the UK?",
         "kind": "yes_no", "answer": True},
        {"question_id": "notice", "question": "Your notice period?", "kind": "single_choice",
         "answer": "one month"},
        {"question_id": "stack", "question": "What have you run in production?",
         "kind": "multi_choice", "answer": ["PostgreSQL", "Redis"]},
    ]  # fmt: skip
    detail = (await client.get(f"/v1/postings/{posting_id}")).json()
    assert [q["id"] for q in detail["screening_questions"]] == [q["id"] for q in QUESTIONS]


async def test_optional_questions_may_go_unanswered_and_forms_send_answers_as_json(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer, posting_id = await _asking(client, admin_headers)
    answers = {"why_us": "Because.", "work_permit": False}

    applied = await client.post(
        f"/v1/postings/{posting_id}/applications",
        data={
            "name": "Alan Turing",
            "email": "alan@bletchley.example",
            "consent_to_retention": "true",
            "answers": json.dumps(answers),
        },
        files={"resume": ("cv.txt", b"Enigma, morphogenesis.", "text/plain")},
    )

    assert applied.status_code == 201, applied.text
    one = await client.get(
        f"/v1/employer/applications/{applied.json()['id']}", headers=employer.headers
    )
    assert {a["question_id"]: a["answer"] for a in one.json()["answers"]} == answers


async def test_every_bad_answer_is_named_at_once_and_nothing_is_stored(
    client: httpx.AsyncClient, admin_headers: dict[str, str], clean_database: AsyncEngine
) -> None:
    _, posting_id = await _asking(client, admin_headers)
    bad = {
        # why_us, required, is missing
        "work_permit": "yes",  # not a boolean
        "notice": "two weeks",  # not a choice
        "stack": "PostgreSQL",  # not a list
        "favourite_colour": "blue",  # no such question
    }

    response = await client.post(
        f"/v1/postings/{posting_id}/applications", json=_application(answers=bad)
    )

    body = assert_problem(response, 422, "invalid-answers")
    pointers = {e["pointer"] for e in body["errors"]}
    assert pointers == {
        "/answers/why_us",
        "/answers/work_permit",
        "/answers/notice",
        "/answers/stack",
        "/answers/favourite_colour",
    }
    assert all(e["message"] for e in body["errors"])
    assert "two weeks" not in response.text  # the candidate's words are not echoed
    assert await _stored(clean_database) == 0
    form = await client.post(
        f"/v1/postings/{posting_id}/applications",
        data={"name": "A", "email": "a@b.example", "consent_to_retention": "true",
              "resume_text": "cv", "answers": "{not json"},
    )  # fmt: skip
    assert_problem(form, 422, "validation-failed", fields={"answers"})
    assert await _stored(clean_database) == 0


async def test_questions_that_break_the_rules_are_refused_in_the_draft(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Strict Ltd")
    headers = employer.headers
    cases = [
        ([{"id": "q", "text": "Pick", "kind": "single_choice", "choices": ["only"]}],
         "screening_questions.choices"),
        ([{"id": "q", "text": "Say", "kind": "text", "choices": ["a", "b"]}],
         "screening_questions.choices"),
        ([{"id": "q", "text": "One", "kind": "text"}, {"id": "q", "text": "Two", "kind": "text"}],
         "screening_questions"),
        ([{"id": "Bad Id", "text": "Say", "kind": "text"}], "screening_questions.0.id"),
        ([{"id": "q", "text": "Say", "kind": "essay"}], "screening_questions.0.kind"),
    ]  # fmt: skip
    for questions, field in cases:
        response = await client.post(
            "/v1/employer/postings",
            json={**posting_body(), "screening_questions": questions},
            headers=headers,
        )
        assert response.status_code == 422, (questions, response.text)
        assert field in {e["field"] for e in response.json()["errors"]}, response.text
    # Twenty-one questions are too many.
    many = [{"id": f"q{n}", "text": "?", "kind": "text"} for n in range(21)]
    too_many = await client.post(
        "/v1/employer/postings", json={**posting_body(), "screening_questions": many},
        headers=headers,
    )  # fmt: skip
    assert_problem(too_many, 422, "validation-failed", fields={"screening_questions"})


async def test_the_greenhouse_job_lists_the_screening_questions(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer, posting_id = await _asking(client, admin_headers)
    base = f"/compat/greenhouse/v1/boards/{employer.slug}"

    job = await client.get(f"{base}/jobs/{posting_id}?questions=true&pay_transparency=true")
    assert job.status_code == 200, job.text
    asked = {q["fields"][0]["name"]: q for q in job.json()["questions"]}

    assert {"name", "email", "resume"} <= set(asked)  # the board's own form comes first
    why, permit = asked["answers.why_us"], asked["answers.work_permit"]
    notice, stack = asked["answers.notice"], asked["answers.stack"]
    assert (why["label"], why["required"], why["fields"][0]["type"]) == (
        "Why do you want to join?", True, "textarea",
    )  # fmt: skip
    assert permit["fields"][0]["type"] == "multi_value_single_select"
    assert [v["label"] for v in permit["fields"][0]["values"]] == ["Yes", "No"]
    assert notice["fields"][0]["type"] == "multi_value_single_select"
    assert [v["label"] for v in notice["fields"][0]["values"]] == QUESTIONS[2]["choices"]
    assert stack["fields"][0]["type"] == "multi_value_multi_select"
    assert stack["required"] is False
    [pay] = job.json()["pay_input_ranges"]
    assert (pay["min_cents"], pay["max_cents"], pay["currency_type"]) == (
        7_000_000,
        9_000_000,
        "GBP",
    )


async def test_a_posting_revised_to_new_questions_asks_those(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Changing Ltd")
    created = await draft(client, employer, application_method={"kind": "board"},
                          screening_questions=QUESTIONS)  # fmt: skip
    revised = await client.patch(
        f"/v1/employer/postings/{created.json()['id']}",
        json={"screening_questions": [QUESTIONS[1]]},
        headers={**employer.headers, "If-Match": created.headers["etag"]},
    )
    assert revised.status_code == 200, revised.text
    assert [q["id"] for q in revised.json()["screening_questions"]] == ["work_permit"]


async def test_required_is_a_json_boolean_not_a_number(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    employer = await verified_employer(client, admin_headers, "Typed Ltd")
    question = {"id": "q", "text": "Say", "kind": "text", "required": 0}

    response = await client.post(
        "/v1/employer/postings",
        json=posting_body(screening_questions=[question]),
        headers=employer.headers,
    )

    assert_problem(response, 422, "validation-failed", fields={"screening_questions.0.required"})
