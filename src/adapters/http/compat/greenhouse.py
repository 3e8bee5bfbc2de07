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
        # Candidates apply where the posting says; the board asks no questions of its own.
        body["questions"] = []
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
