"""The query parameters of a posting search, written once.

``SEARCH_PARAMETERS`` is the one table of the search's parameters: their names,
kinds, descriptions and allowed values. ``search_from_query`` reads a request's
query string by it, and ``SearchOperation`` writes the same table into the
OpenAPI document, so the route, the document and any other route that takes
"the filters of GET /v1/postings" (feeds, alerts) cannot disagree.

Values are only parsed here (a number is a number); the use case judges them
(an unknown country, a limit out of range), so the rules live in one place.
Litestar's typed parameters would parse the same values, but for sixteen
optional parameters that costs a sixth of a plain search (decision 013).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, ClassVar

from litestar.openapi.spec import OpenAPIType, Schema
from litestar.openapi.spec import Parameter as ParameterSpec

from adapters.http.openapi_operations import BoardOperation
from application.errors import InvalidParameter
from application.queries.public_postings import (
    FACET_GROUPS,
    MAX_LIMIT,
    MAX_QUERY_LENGTH,
    ListPublicPostings,
    PostingFilters,
    Sort,
)
from domain.iso_codes import COUNTRIES, CURRENCIES, LANGUAGES
from domain.posting_facts import Support
from domain.posting_values import EmploymentType, Seniority, Workplace

# A repeatable filter takes at most this many values (a 5,000-country filter is abuse).
MAX_REPEATS = 50
WHOLE = re.compile(r"[+-]?[0-9]{1,9}")


@dataclass(frozen=True, slots=True)
class SearchParameter:
    """One query parameter: ``kind`` is text, whole (an integer), amount (a decimal), or
    repeated (text, given again for each value)."""

    name: str
    kind: str
    description: str
    allowed: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def schema(self) -> Schema:
        one = Schema(
            type={"text": OpenAPIType.STRING, "repeated": OpenAPIType.STRING}.get(
                self.kind, OpenAPIType.INTEGER if self.kind == "whole" else OpenAPIType.NUMBER
            ),
            enum=list(self.allowed) or None,
            **self.extra,
        )
        if self.kind == "repeated":
            return Schema(type=OpenAPIType.ARRAY, items=one, max_items=MAX_REPEATS)
        return one


def _values(enum: type[Enum] | frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(str(getattr(v, "value", v)) for v in enum))


SEARCH_PARAMETERS = (
    SearchParameter(
        "q",
        "text",
        'search text, web-search syntax: words, "a phrase", -excluded, or',
        extra={"max_length": MAX_QUERY_LENGTH},
    ),
    SearchParameter(
        "country", "repeated", "ISO 3166-1 alpha-2; repeatable (any of them)", _values(COUNTRIES)
    ),
    SearchParameter("city", "text", "a location's city, in any case"),
    SearchParameter(
        "language", "text", "ISO 639-1: the language the posting is written in", _values(LANGUAGES)
    ),
    SearchParameter("workplace", "repeated", "repeatable (any of them)", _values(Workplace)),
    SearchParameter(
        "employment_type", "repeated", "repeatable (any of them)", _values(EmploymentType)
    ),
    SearchParameter("seniority", "text", "the posting's seniority", _values(Seniority)),
    SearchParameter("company", "text", "the company's slug"),
    SearchParameter("requirement", "repeated", "a catalogue entry's canonical name; repeatable"),
    SearchParameter("salary_min", "amount", "postings paying at least this a year, in `currency`"),
    SearchParameter("currency", "text", "ISO 4217, with salary_min", _values(CURRENCIES)),
    SearchParameter(
        "posted_within_days", "whole", "published in the last N days", extra={"minimum": 1}
    ),
    SearchParameter(
        "sort",
        "text",
        "relevance (the default with q) or newest (the default without)",
        _values(Sort),
    ),
    SearchParameter(
        "limit",
        "whole",
        "results a page",
        extra={"minimum": 1, "maximum": MAX_LIMIT, "default": 20},
    ),
    SearchParameter("cursor", "text", "the `next_cursor` of the page before"),
    # posting facts (issue 20 item 2)
    SearchParameter(
        "visa_sponsorship", "text", "whether the employer sponsors a visa", _values(Support)
    ),
    SearchParameter(
        "relocation_support", "text", "whether the employer helps with a move", _values(Support)
    ),
    SearchParameter(
        "working_language",
        "text",
        "ISO 639-1: a language the team works in, or the posting is written in",
        _values(LANGUAGES),
    ),
    SearchParameter(
        "facets",
        "text",
        "counts to add to the page, a comma list of: " + ", ".join(FACET_GROUPS),
    ),
)
BY_NAME = {p.name: p for p in SEARCH_PARAMETERS}


def search_from_query(pairs: Iterable[tuple[str, str]]) -> ListPublicPostings:
    """The search a query string's (name, value) pairs ask for, in their order, blank values
    already dropped (as Litestar's and urllib's parse_qsl drop them). Parameters the search
    does not know are ignored, and a single-valued one given twice takes its last value;
    a value that is not of its parameter's kind, or more values than a filter takes, is an
    InvalidParameter naming the parameter."""
    given: dict[str, Any] = {}
    for name, value in pairs:
        parameter = BY_NAME.get(name)
        if parameter is None:
            continue
        if parameter.kind != "repeated":
            given[name] = _parsed(parameter, value)
            continue
        values = given.setdefault(name, [])
        if len(values) == MAX_REPEATS:
            raise InvalidParameter(f"{name} takes at most {MAX_REPEATS} values", field=name)
        values.append(value)
    return ListPublicPostings(
        PostingFilters(
            q=given.get("q"),
            countries=tuple(given.get("country", ())),
            city=given.get("city"),
            language=given.get("language"),
            workplaces=tuple(given.get("workplace", ())),
            employment_types=tuple(given.get("employment_type", ())),
            seniority=given.get("seniority"),
            company=given.get("company"),
            requirements=tuple(given.get("requirement", ())),
            salary_min=given.get("salary_min"),
            currency=given.get("currency"),
            posted_within_days=given.get("posted_within_days"),
            visa_sponsorship=given.get("visa_sponsorship"),
            relocation_support=given.get("relocation_support"),
            working_language=given.get("working_language"),
        ),
        sort=given.get("sort"),
        limit=given.get("limit", 20),
        cursor=given.get("cursor"),
        facets=tuple(f for f in (given.get("facets") or "").split(",") if f.strip()),
    )


def _parsed(parameter: SearchParameter, value: str) -> Any:
    if parameter.kind == "whole":
        if not WHOLE.fullmatch(value):
            raise InvalidParameter(f"{parameter.name} must be a whole number", field=parameter.name)
        return int(value)
    if parameter.kind == "amount":
        try:
            amount = Decimal(value)
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            raise InvalidParameter(f"{parameter.name} must be a number", field=parameter.name)
        return amount
    return value


@dataclass
class SearchOperation(BoardOperation):
    """The OpenAPI operation of a route that reads ``SEARCH_PARAMETERS``: Litestar writes
    what it knows of the route, this adds the table's parameters."""

    # Parameters of the table a route does not take (a feed has no sort, cursor or facets).
    leave_out: ClassVar[frozenset[str]] = frozenset()

    def __post_init__(self) -> None:
        super().__post_init__()
        documented = [
            ParameterSpec(
                name=p.name,
                param_in="query",
                required=False,
                allow_empty_value=True,  # a blank value is as if the parameter were not given
                description=p.description,
                schema=p.schema(),
            )
            for p in SEARCH_PARAMETERS
            if p.name not in self.leave_out
        ]
        self.parameters = [*(self.parameters or []), *documented]
