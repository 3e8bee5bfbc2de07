"""The Lever Postings API's shapes (api.lever.co/v0/postings/{site}?mode=json).

The board has no teams or departments: those categories are null, and filtering on
them finds nothing. ``commitment`` is the employment type, in Lever's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from html import escape
from typing import Any

from adapters.http.compat.shared import COMMITMENTS, all_places, plain_text
from adapters.http.job_description_html import description_html
from adapters.http.public_links import PublicLinks
from application.queries.company_board import BoardPosting
from application.views import PostingDetail

INTERVALS = {
    "year": "per-year-salary",
    "month": "per-month-salary",
    "day": "per-day-wage",
    "hour": "per-hour-wage",
}
GROUPS = ("location", "commitment", "team", "department")


def _items(items: Sequence[str]) -> str:
    return "".join(f"<li>{escape(item, quote=False)}</li>" for item in items)


def _lists(detail: PostingDetail) -> list[dict[str, str]]:
    lists = []
    if detail.responsibilities:
        lists.append({"text": "Responsibilities", "content": _items(detail.responsibilities)})
    if detail.requirements:
        asked = [r.detail or r.name for r in detail.requirements if r.importance == "must"]
        nice = [r.name for r in detail.requirements if r.importance != "must"]
        if asked:
            lists.append({"text": "Requirements", "content": _items(list(dict.fromkeys(asked)))})
        if nice:
            lists.append({"text": "Nice to have", "content": _items(list(dict.fromkeys(nice)))})
    return lists


def posting(board_posting: BoardPosting, links: PublicLinks) -> dict[str, Any]:
    detail = board_posting.posting
    places = all_places(detail)
    page = links.posting(detail.id)
    # The description is the text alone: Lever gives the lists and the benefits apart.
    prose = description_html(replace(detail, responsibilities=(), requirements=(), benefits=()))
    additional = f"<ul>{_items(detail.benefits)}</ul>" if detail.benefits else ""
    salary = detail.salary
    return {
        "id": str(detail.id),
        "text": detail.title,
        "categories": {
            "location": places[0] if places else None,
            "allLocations": places,
            "commitment": COMMITMENTS.get(detail.employment_type, detail.employment_type),
            "team": None,
            "department": None,
        },
        "country": detail.locations[0].country if detail.locations else None,
        "workplaceType": detail.workplace,
        "description": prose,
        "descriptionPlain": plain_text(prose),
        "lists": _lists(detail),
        "additional": additional,
        "additionalPlain": plain_text(additional),
        "hostedUrl": page,
        "applyUrl": apply_url(detail, page),
        "createdAt": int(detail.published_at.timestamp() * 1000),
        "salaryRange": None
        if salary is None
        else {
            "currency": salary.currency,
            "interval": INTERVALS.get(salary.period, salary.period),
            "min": float(salary.min),
            "max": float(salary.max if salary.max is not None else salary.min),
        },
    }


def apply_url(detail: PostingDetail, page: str) -> str:
    """Where a candidate applies: the employer's page, its mailbox, or the posting's page on
    the board (for board applications, and postings published before methods existed)."""
    method = detail.application_method or {}
    if method.get("kind") == "url":
        return method["url"]
    if method.get("kind") == "email":
        return f"mailto:{method['email']}"
    return page


def matches(body: dict[str, Any], filters: dict[str, list[str]]) -> bool:
    """Lever's filters: each category given must match one of its values (any case)."""
    categories = body["categories"]
    for name, wanted in filters.items():
        wanted_lower = {w.lower() for w in wanted}
        if name == "location":
            have = {p.lower() for p in categories["allLocations"]}
        else:
            have = {categories[name].lower()} if categories[name] else set()
        if not have & wanted_lower:
            return False
    return True


def grouped(postings: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for body in postings:
        title = body["categories"][by]
        groups.setdefault(title if title is not None else "", []).append(body)
    return [{"title": title, "postings": found} for title, found in groups.items()]
