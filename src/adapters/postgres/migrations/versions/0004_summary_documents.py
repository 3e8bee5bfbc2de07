"""public_postings.summary: each posting's search listing, a JSON object encoded when projected

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _utc(moment: str) -> str:
    utc = f"({moment} AT TIME ZONE 'UTC')"
    return (
        f"""'"' || to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS')"""
        f""" || CASE WHEN date_trunc('second', {moment}) = {moment} THEN ''"""
        f""" ELSE to_char({utc}, '.US') END || 'Z"'"""
    )


# A frozen copy of public_postings_projection.SUMMARY_JSON at this revision, over the
# read model's own columns (everything a summary shows is already there), so existing
# rows get their documents without a rebuild.
BACKFILL = f"""
UPDATE public_postings pp SET summary =
    '{{"id":"' || pp.id::text
    || '","title":' || to_json(pp.title::text)
    || ',"company":{{"name":' || to_json(pp.company_name::text)
    || ',"slug":' || to_json(pp.company_slug::text)
    || '}},"language":' || to_json(pp.language::text)
    || ',"locations":[' || (
        SELECT coalesce(string_agg('{{"country":' || to_json(l.place->>'country')
                                   || ',"city":' || coalesce(to_json(l.place->>'city')::text,
                                                             'null')
                                   || '}}', ',' ORDER BY l.n), '')
        FROM jsonb_array_elements(pp.locations) WITH ORDINALITY AS l(place, n))
    || '],"workplace":' || to_json(pp.workplace::text)
    || ',"employment_type":' || to_json(pp.employment_type::text)
    || ',"seniority":' || coalesce(to_json(pp.seniority::text)::text, 'null')
    || ',"salary":' || CASE WHEN pp.salary_min IS NULL THEN 'null' ELSE
        '{{"min":' || trim_scale(pp.salary_min)::text
        || ',"max":' || trim_scale(pp.salary_max)::text
        || ',"currency":' || to_json(pp.salary_currency::text)
        || ',"period":' || to_json(pp.salary_period::text) || '}}' END
    || ',"requirements":[' || (
        SELECT coalesce(string_agg(to_json(r.entry->>'name')::text, ',' ORDER BY r.n), '')
        FROM jsonb_array_elements(pp.requirements) WITH ORDINALITY AS r(entry, n))
    || '],"published_at":' || {_utc("pp.published_at")}
    || ',"valid_through":' || {_utc("pp.valid_through")}
    || '}}'
"""


def upgrade() -> None:
    op.add_column("public_postings", sa.Column("summary", sa.Text(), nullable=True))
    op.execute(BACKFILL)
    op.alter_column("public_postings", "summary", nullable=False)


def downgrade() -> None:
    op.drop_column("public_postings", "summary")
