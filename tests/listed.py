"""Reading back what a search lists: each item's summary is a JSON document the read
model keeps encoded; tests look at it as the PostingSummary it holds."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from application.queries.public_postings import ListedPosting
from application.views import (
    CompanyRef,
    LocationView,
    PostingSummary,
    SalaryView,
)

SUMMARY_FIELDS = [f.name for f in fields(PostingSummary)]


def summary_of(item: ListedPosting) -> PostingSummary:
    """The summary ``item`` lists, read strictly: exactly PostingSummary's fields, in order,
    and agreeing with the item's own keys."""
    data = json.loads(item.summary_json, parse_float=Decimal)
    assert list(data) == SUMMARY_FIELDS, f"fields {list(data)}"
    salary = data["salary"]
    summary = PostingSummary(
        id=UUID(data["id"]),
        title=data["title"],
        company=CompanyRef(**data["company"]),
        language=data["language"],
        locations=tuple(LocationView(**place) for place in data["locations"]),
        workplace=data["workplace"],
        employment_type=data["employment_type"],
        seniority=data["seniority"],
        salary=SalaryView(
            Decimal(salary["min"]), Decimal(salary["max"]), salary["currency"], salary["period"]
        )
        if salary
        else None,
        requirements=tuple(data["requirements"]),
        published_at=datetime.fromisoformat(data["published_at"]),
        valid_through=datetime.fromisoformat(data["valid_through"]),
    )
    assert (summary.id, summary.published_at) == (item.posting_id, item.published_at)
    return summary
