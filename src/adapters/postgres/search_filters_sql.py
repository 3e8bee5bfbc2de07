"""A search's filters as SQL: the text query and the WHERE clauses, every value bound by name."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, String, Text, any_, bindparam, func, literal_column, or_
from sqlalchemy.dialects.postgresql import ARRAY, array

from adapters.postgres.tables import public_postings as pp
from application.queries.public_postings import PostingFilters

# Without a language filter the text is read in each of these languages (and as
# plain words), since every posting's vector is stemmed in its own language.
SEARCH_LANGUAGES = ("english", "french", "german", "spanish", "italian", "portuguese", "dutch")


SEARCH_CONFIGS: ColumnElement[Any] = literal_column(
    "ARRAY[" + ", ".join(f"'{c}'" for c in ("simple", *SEARCH_LANGUAGES)) + "]::regconfig[]"
)


def text_query(q: Any, language: Any | None) -> ColumnElement[Any]:
    """The tsquery for ``q``: in the posting language asked for, or in every common one.

    Every common one is the OR of the text's readings (websearch_to_tsquery) in each, each
    distinct reading once, and each carrying the exclusions of all of them
    (jobboard_search_query, migrations 0005 and 0006): a word excluded is excluded in every
    spelling a configuration gives it. One language is the same function over one
    configuration, so that exclusions and names such as C++ read alike on both paths.
    The function is immutable, so the planner folds it for the bound text and plans with
    its result."""
    configs = SEARCH_CONFIGS if language is None else array([func.jobboard_ts_config(language)])
    return func.jobboard_search_query(q, configs)


# Bound values that are arrays, and their element types.
ARRAYS = {
    "countries": ARRAY(String),
    "cities": ARRAY(Text),
    "workplaces": ARRAY(String),
    "employment_types": ARRAY(String),
    "requirements": ARRAY(Text),
    "spoken_languages": ARRAY(String),
}


def filter_values(
    f: PostingFilters, now: datetime, *, leave_out: str | None = None
) -> dict[str, Any]:
    """The values the filters bind, by name (but those of the facet group ``leave_out``).
    Which names are present decides the statement's shape; see ``conditions``."""
    values: dict[str, Any] = {"now": now}
    if f.q:
        values["q"] = f.q
    if f.countries and leave_out != "country":
        values["countries"] = list(f.countries)
    if f.city:
        values["cities"] = [f.city]
    if f.language and (leave_out != "language" or f.q):
        values["language"] = f.language
    if f.workplaces and leave_out != "workplace":
        values["workplaces"] = list(f.workplaces)
    if f.employment_types and leave_out != "employment_type":
        values["employment_types"] = list(f.employment_types)
    if f.seniority:
        values["seniority"] = f.seniority
    if f.company and leave_out != "company":
        values["company"] = f.company
    if f.requirements and leave_out != "requirement":
        values["requirements"] = list(f.requirements)
    if f.salary_min is not None and f.currency is not None:
        values["currency"] = f.currency
        values["salary_min"] = f.salary_min
    if f.posted_within_days:
        values["posted_since"] = now - timedelta(days=f.posted_within_days)
    if f.visa_sponsorship and leave_out != "visa_sponsorship":
        values["visa_sponsorship"] = f.visa_sponsorship
    if f.relocation_support and leave_out != "relocation_support":
        values["relocation_support"] = f.relocation_support
    if f.working_language and leave_out != "working_language":
        values["spoken_languages"] = [f.working_language]
    return values


def conditions(
    f: PostingFilters,
    now: datetime,
    *,
    leave_out: str | None = None,
    lapsed_since: datetime | None = None,
) -> list[ColumnElement[bool]]:
    """The WHERE clauses for the filters (but the facet group ``leave_out``), every value a
    named bind parameter, so that one compiled statement serves every search of its shape.
    With ``lapsed_since``: not the postings public at ``now`` but those that lapsed since."""
    values = filter_values(f, now, leave_out=leave_out)
    bound = {name: bindparam(name, value, type_=ARRAYS.get(name)) for name, value in values.items()}
    where: list[ColumnElement[bool]] = [pp.c.valid_through > bound["now"]]
    if lapsed_since is not None:
        since = bindparam("lapsed_since", lapsed_since, type_=pp.c.valid_through.type)
        where = [pp.c.valid_through > since, pp.c.valid_through <= bound["now"]]
    if "q" in bound:
        where.append(pp.c.search.op("@@")(text_query(bound["q"], bound.get("language"))))
    if "countries" in bound:
        # A remote posting open to a country counts as being in it.
        where.append(
            or_(
                pp.c.countries.overlap(bound["countries"]),
                pp.c.remote_countries.overlap(bound["countries"]),
            )
        )
    if "cities" in bound:
        where.append(pp.c.cities.contains(bound["cities"]))
    if "language" in bound and leave_out != "language":
        where.append(pp.c.language == bound["language"])
    if "workplaces" in bound:
        where.append(pp.c.workplace == any_(bound["workplaces"]))
    if "employment_types" in bound:
        where.append(pp.c.employment_type == any_(bound["employment_types"]))
    if "seniority" in bound:
        where.append(pp.c.seniority == bound["seniority"])
    if "company" in bound:
        where.append(pp.c.company_slug == bound["company"])
    if "requirements" in bound:
        where.append(pp.c.requirement_names.contains(bound["requirements"]))
    if "currency" in bound:
        where.append(pp.c.salary_currency == bound["currency"])
        where.append(pp.c.annual_salary_max >= bound["salary_min"])
    if "posted_since" in bound:
        where.append(pp.c.published_at >= bound["posted_since"])
    if "visa_sponsorship" in bound:
        where.append(pp.c.visa_sponsorship == bound["visa_sponsorship"])
    if "relocation_support" in bound:
        where.append(pp.c.relocation_support == bound["relocation_support"])
    if "spoken_languages" in bound:
        # Written in it, or a working language of the team: findable by both.
        where.append(pp.c.spoken_languages.contains(bound["spoken_languages"]))
    return where
