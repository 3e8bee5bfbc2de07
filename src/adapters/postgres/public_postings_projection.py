"""The public posting read model, refreshed from the write side.

A refresh recomputes the rows of the postings in scope from the current
write-side state in two set-based statements: delete the rows that must no
longer be public, upsert the ones that must be. Replaying an event therefore
changes nothing, the order of events inside a batch does not matter, and a
full rebuild is the same refresh over every posting. An upsert never replaces
a row with an older posting version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres.projector import StoredEvent, sql_uuids


def utc_json(moment: str) -> str:
    """SQL for a timestamptz as the API writes it, a JSON string: ISO 8601 in UTC with a Z,
    microseconds only when there are some (as Python's isoformat and orjson write it)."""
    utc = f"({moment} AT TIME ZONE 'UTC')"
    return (
        f"""'"' || to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS')"""
        f""" || CASE WHEN date_trunc('second', {moment}) = {moment} THEN ''"""
        f""" ELSE to_char({utc}, '.US') END || 'Z"'"""
    )


def amount_json(amount: str) -> str:
    """SQL for an amount as the API writes it: a JSON number without trailing zeros."""
    return f"trim_scale({amount})::text"


# A posting's summary, as a search lists it: a JSON object with the fields of
# application.views.PostingSummary, in their order, encoded the way the API
# encodes them (tests/integration/test_summary_documents.py holds it to the detail and
# to the encoder). It is built once, when the posting is projected, so a page of
# results is joined from stored documents rather than rebuilt per request.
SUMMARY_JSON = f"""
    '{{"id":"' || p.id::text
    || '","title":' || to_json(p.title::text)
    || ',"company":{{"name":' || to_json(c.name::text) || ',"slug":' || to_json(c.slug::text)
    || '}},"language":' || to_json(p.language::text)
    || ',"locations":[' || (
        SELECT coalesce(string_agg('{{"country":' || to_json(l.place->>'country')
                                   || ',"city":' || coalesce(to_json(l.place->>'city')::text,
                                                             'null')
                                   || '}}', ',' ORDER BY l.n), '')
        FROM jsonb_array_elements(p.locations) WITH ORDINALITY AS l(place, n))
    || '],"workplace":' || to_json(p.workplace::text)
    || ',"employment_type":' || to_json(p.employment_type::text)
    || ',"seniority":' || coalesce(to_json(p.seniority::text)::text, 'null')
    || ',"salary":' || CASE WHEN p.salary_min IS NULL THEN 'null' ELSE
        '{{"min":' || {amount_json("p.salary_min")} || ',"max":' || {amount_json("p.salary_max")}
        || ',"currency":' || to_json(p.salary_currency::text)
        || ',"period":' || to_json(p.salary_period::text) || '}}' END
    || ',"requirements":[' || req.names_json
    || '],"published_at":' || {utc_json("p.published_at")}
    || ',"valid_through":' || {utc_json("p.valid_through")}
    || '}}'"""

# The rows a visible posting projects to. Visible means: published by a verified
# company (a suspended one is not). valid_through is checked at read time, so a
# posting vanishes the moment it lapses, before the expire command catches up. The
# search vector's texts go through jobboard_search_text, as a search's text does
# (migration 0006), so that C++ and C# are words of their own on both sides.
VISIBLE_ROWS = f"""
SELECT
    p.id, p.company_id, c.name AS company_name, c.slug AS company_slug,
    p.title, p.description, p.language, p.locations,
    ARRAY(SELECT DISTINCT loc->>'country' FROM jsonb_array_elements(p.locations) loc
          ORDER BY 1)::varchar(2)[] AS countries,
    ARRAY(SELECT DISTINCT loc->>'city' FROM jsonb_array_elements(p.locations) loc
          WHERE loc->>'city' IS NOT NULL ORDER BY 1) AS cities,
    p.remote_countries, p.workplace, p.employment_type, p.seniority,
    p.salary_min, p.salary_max, p.salary_currency, p.salary_period,
    p.responsibilities, p.benefits, req.requirements, req.names AS requirement_names,
    p.published_at, p.valid_through, p.version,
    p.salary_min * pay.per_year AS annual_salary_min,
    p.salary_max * pay.per_year AS annual_salary_max,
    setweight(to_tsvector(cfg.config, jobboard_search_text(p.title)), 'A')
      || setweight(to_tsvector(cfg.config,
                               jobboard_search_text(array_to_string(req.names, ' '))), 'B')
      || setweight(to_tsvector(cfg.config, jobboard_search_text(c.name)), 'C')
      || setweight(to_tsvector(cfg.config, jobboard_search_text(p.description || ' '
           || (SELECT coalesce(string_agg(line, ' '), '')
               FROM jsonb_array_elements_text(p.responsibilities) line))), 'D') AS search,
    {SUMMARY_JSON} AS summary,
    CASE WHEN p.application_kind IS NOT NULL THEN jsonb_strip_nulls(jsonb_build_object(
        'kind', p.application_kind, 'url', p.application_url, 'email', p.application_email))
    END AS application_method,
    p.visa_sponsorship, p.relocation_support, p.working_languages,
    ARRAY(SELECT DISTINCT lang FROM (
        SELECT p.language AS lang
        UNION ALL SELECT w->>'language' FROM jsonb_array_elements(p.working_languages) w) langs
          ORDER BY 1)::varchar(2)[] AS spoken_languages,
    p.benefits_description, p.apply_by, p.screening_questions
FROM postings p
JOIN companies c ON c.id = p.company_id
CROSS JOIN LATERAL (SELECT jobboard_ts_config(p.language) AS config) cfg
CROSS JOIN LATERAL (
    SELECT CASE p.salary_period WHEN 'hour' THEN 2080 WHEN 'day' THEN 260
                                WHEN 'month' THEN 12 ELSE 1 END AS per_year) pay
CROSS JOIN LATERAL (
    -- Each requirement by its canonical name: a merged entry speaks for its target.
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
               'name', canon.name, 'kind', canon.kind, 'importance', pr.importance,
               'min_years', pr.min_years, 'detail', pr.detail) ORDER BY pr.position),
               '[]'::jsonb) AS requirements,
           COALESCE(array_agg(DISTINCT canon.name::text ORDER BY canon.name::text),
                    '{{}}'::text[]) AS names,
           COALESCE(string_agg(to_json(canon.name::text)::text, ',' ORDER BY pr.position),
                    '') AS names_json
    FROM posting_requirements pr
    JOIN requirements r ON r.id = pr.requirement_id
    JOIN requirements canon ON canon.id = COALESCE(r.merged_into, r.id)
    WHERE pr.posting_id = p.id) req
WHERE p.status = 'published' AND c.status = 'verified'
"""

STILL_VISIBLE = """
EXISTS (SELECT 1 FROM postings p JOIN companies c ON c.id = p.company_id
        WHERE p.id = pp.id AND p.status = 'published' AND c.status = 'verified')
"""

COLUMNS = (
    "id, company_id, company_name, company_slug, title, description, language, locations, "
    "countries, cities, remote_countries, workplace, employment_type, seniority, salary_min, "
    "salary_max, salary_currency, salary_period, responsibilities, benefits, requirements, "
    "requirement_names, published_at, valid_through, version, annual_salary_min, "
    "annual_salary_max, search, summary, application_method, "
    "visa_sponsorship, relocation_support, working_languages, spoken_languages, "
    "benefits_description, apply_by, screening_questions"
)

UPDATES = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS.replace(" ", "").split(",") if c != "id")

# The postings a scope touches, each branch on an index: the postings named, those of
# the companies named, those asking for a requirement named, and those asking for an
# entry merged into one. An OR inside a branch would read every row of its table (the
# requirements' branch once did: 27 ms a batch at 100k postings, whatever the batch).
IN_SCOPE = """
SELECT p.id FROM postings p WHERE p.id = ANY({posting_ids})
UNION
SELECT p.id FROM postings p WHERE p.company_id = ANY({company_ids})
UNION
SELECT pr.posting_id FROM posting_requirements pr
WHERE pr.requirement_id = ANY({requirement_ids})
UNION
SELECT pr.posting_id FROM requirements r
JOIN posting_requirements pr ON pr.requirement_id = r.id
WHERE r.merged_into = ANY({requirement_ids})
"""


@dataclass
class Scope:
    """Which postings a batch of events may have changed."""

    posting_ids: set[UUID] = field(default_factory=set)
    company_ids: set[UUID] = field(default_factory=set)
    requirement_ids: set[UUID] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.posting_ids or self.company_ids or self.requirement_ids)

    def sql(self) -> str:
        """IN_SCOPE for these postings, companies and requirements."""
        return IN_SCOPE.format(
            posting_ids=sql_uuids(self.posting_ids),
            company_ids=sql_uuids(self.company_ids),
            requirement_ids=sql_uuids(self.requirement_ids),
        )


def scope_of(events: Sequence[StoredEvent]) -> Scope:
    scope = Scope()
    for event in events:
        if event.aggregate_type == "Posting":
            scope.posting_ids.add(event.aggregate_id)
        elif event.aggregate_type == "Company":
            scope.company_ids.add(event.aggregate_id)
        elif event.aggregate_type == "Requirement":
            scope.requirement_ids.add(event.aggregate_id)
    return scope


def refresh(scope: Scope) -> list[str]:
    """The statements that make the rows of the postings in scope match the write side:
    two, each finding the postings in scope itself (no round trip to list them first). The
    scope is an array computed once per statement (an InitPlan), so the postings are found
    through their primary key, as with ids sent in. (As ``IN (scope)``, the DELETE was a
    semi-join whose estimate, over a million postings, crossed the JIT threshold: 11-45 ms
    a batch, 12 of them compiling, against 0.2 ms.)"""
    in_scope = scope.sql()
    return [
        f"DELETE FROM public_postings pp WHERE pp.id = ANY(ARRAY({in_scope}))"
        f" AND NOT {STILL_VISIBLE}",
        f"""
        INSERT INTO public_postings ({COLUMNS})
        SELECT {COLUMNS} FROM ({VISIBLE_ROWS} AND p.id = ANY(ARRAY({in_scope}))) v
        ON CONFLICT (id) DO UPDATE SET {UPDATES}, projected_at = now()
        WHERE public_postings.version <= EXCLUDED.version
        """,
    ]


async def rebuild(connection: AsyncConnection) -> None:
    """Throw the read model away and project every visible posting again."""
    await connection.execute(text("DELETE FROM public_postings"))
    await connection.execute(
        text(f"INSERT INTO public_postings ({COLUMNS}) SELECT {COLUMNS} FROM ({VISIBLE_ROWS}) v")
    )


class PublicPostingsProjection:
    """Keeps ``public_postings`` in step with the outbox."""

    name = "public_postings"

    def statements(self, events: Sequence[StoredEvent]) -> list[str]:
        scope = scope_of(events)
        return refresh(scope) if scope else []
