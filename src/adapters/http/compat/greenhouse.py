"""The Greenhouse Job Board API's shapes (boards-api.greenhouse.io/v1/boards/{token}/...).

Greenhouse's ids are integers; the board's are UUIDs, given as strings in ``id`` and
``internal_job_id``. The board has no departments: every job is in Greenhouse's own
"No Department" (id 0). Offices are the jobs' places, each with a stable id.
"""

from __future__ import annotations

import zlib
from html import escape
from typing import Any

from adapters.http.compat.shared import all_places, location_name
from adapters.http.job_description_html import description_html
from adapters.http.public_links import PublicLinks
from application.queries.company_board import BoardPosting, CompanyBoard
from application.views import ScreeningQuestionView

NO_DEPARTMENT = {"id": 0, "name": "No Department", "parent_id": None, "child_ids": []}
PERIODS = {"year": "per year", "month": "per month", "day": "per day", "hour": "per hour"}


def _time(posting: BoardPosting) -> str:
    return posting.updated_at.isoformat()


def office_id(name: str) -> int:
    return zlib.crc32(name.encode())


def _office(name: str) -> dict[str, Any]:
    return {
        "id": office_id(name),
        "name": name,
        "location": name,
        "parent_id": None,
        "child_ids": [],
    }


def job(posting: BoardPosting, links: PublicLinks, content: bool) -> dict[str, Any]:
    detail = posting.posting
    body: dict[str, Any] = {
        "id": str(detail.id),
        "internal_job_id": str(detail.id),
        "title": detail.title,
        "updated_at": _time(posting),
        "first_published": detail.published_at.isoformat(),
        "requisition_id": None,
        "location": {"name": location_name(detail)},
        "absolute_url": links.posting(detail.id),
        "language": detail.language,
        "company_name": detail.company.name,
        "metadata": None,
    }
    if content:
        # Greenhouse sends the description's HTML escaped once more, as entities.
        body["content"] = escape(description_html(detail))
        body["departments"] = [NO_DEPARTMENT]
        body["offices"] = [_office(name) for name in all_places(detail)]
    return body


def pay_input_ranges(posting: BoardPosting) -> list[dict[str, Any]]:
    salary = posting.posting.salary
    if salary is None:
        return []
    return [
        {
            "min_cents": int(salary.min * 100),
            "max_cents": int((salary.max if salary.max is not None else salary.min) * 100),
            "currency_type": salary.currency,
            "title": f"Pay {PERIODS.get(salary.period, salary.period)}",
            "blurb": None,
        }
    ]


def _question(label: str, name: str, kind: str, required: bool) -> dict[str, Any]:
    values = [{"label": "Yes", "value": 1}] if kind == "multi_value_single_select" else []
    return {
        "required": required,
        "label": label,
        "description": None,
        "fields": [{"name": name, "type": kind, "values": values}],
    }


# The fields of POST /v1/postings/{id}/applications, as Greenhouse describes a form.
BOARD_QUESTIONS = (
    _question("Name", "name", "input_text", True),
    _question("Email", "email", "input_text", True),
    _question("Phone", "phone", "input_text", False),
    _question("Resume/CV", "resume", "input_file", False),
    _question("Resume/CV (text)", "resume_text", "textarea", False),
    _question("Cover note", "cover_note", "textarea", False),
    _question(
        "I agree that the board keeps my application for its retention period",
        "consent_to_retention",
        "multi_value_single_select",
        True,
    ),
)


# A screening question's kind as Greenhouse types a field; yes/no is a single select of
# Yes (1) and No (0), as Greenhouse's own boolean questions are.
SCREENING_TYPES = {
    "text": "textarea",
    "yes_no": "multi_value_single_select",
    "single_choice": "multi_value_single_select",
    "multi_choice": "multi_value_multi_select",
}


def screening_question(question: ScreeningQuestionView) -> dict[str, Any]:
    """A posting's screening question in Greenhouse's shape. The field's name is where the
    board takes its answer (``answers.<id>``); a choice's value is its position, its label
    the text the board's answer names."""
    if question.kind == "yes_no":
        values = [{"label": "Yes", "value": 1}, {"label": "No", "value": 0}]
    else:
        values = [{"label": c, "value": n} for n, c in enumerate(question.choices)]
    return {
        "required": question.required,
        "label": question.text,
        "description": None,
        "fields": [
            {
                "name": f"answers.{question.id}",
                "type": SCREENING_TYPES[question.kind],
                "values": values,
            }
        ],
    }


def application_questions(posting: BoardPosting) -> list[dict[str, Any]]:
    """The board's application form when candidates apply on the board, the posting's
    screening questions after it; none when they apply elsewhere (the employer's page or
    mailbox asks its own)."""
    method = posting.posting.application_method or {}
    if method.get("kind") != "board":
        return []
    screening = [screening_question(q) for q in posting.posting.screening_questions]
    return [*BOARD_QUESTIONS, *screening]


def jobs(board: CompanyBoard, links: PublicLinks, content: bool) -> dict[str, Any]:
    return {
        "jobs": [job(p, links, content) for p in board.postings],
        "meta": {"total": len(board.postings)},
    }


def one_job(
    posting: BoardPosting, links: PublicLinks, questions: bool, pay_transparency: bool
) -> dict[str, Any]:
    body = job(posting, links, content=True)
    if questions:
        body["questions"] = application_questions(posting)
    if pay_transparency:
        body["pay_input_ranges"] = pay_input_ranges(posting)
    return body


def departments(board: CompanyBoard, links: PublicLinks) -> dict[str, Any]:
    listed = [job(p, links, content=False) for p in board.postings]
    return {"departments": [NO_DEPARTMENT | {"jobs": listed}]}


def offices(board: CompanyBoard, links: PublicLinks) -> dict[str, Any]:
    by_place: dict[str, list[dict[str, Any]]] = {}
    for posting in board.postings:
        for name in all_places(posting.posting):
            by_place.setdefault(name, []).append(job(posting, links, content=False))
    return {
        "offices": [
            _office(name) | {"departments": [NO_DEPARTMENT | {"jobs": listed}]}
            for name, listed in sorted(by_place.items())
        ]
    }
