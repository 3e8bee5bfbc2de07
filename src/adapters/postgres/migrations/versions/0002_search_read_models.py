"""search read models: weighted text search, annualised pay, public companies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The text-search configuration for a posting's language; `simple` when PostgreSQL
# ships none for it. IMMUTABLE so it may feed stored columns and indexes.
TS_CONFIG_FUNCTION = """
CREATE FUNCTION jobboard_ts_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE language
    WHEN 'ar' THEN 'arabic' WHEN 'hy' THEN 'armenian' WHEN 'eu' THEN 'basque'
    WHEN 'ca' THEN 'catalan' WHEN 'da' THEN 'danish' WHEN 'nl' THEN 'dutch'
    WHEN 'en' THEN 'english' WHEN 'fi' THEN 'finnish' WHEN 'fr' THEN 'french'
    WHEN 'de' THEN 'german' WHEN 'el' THEN 'greek' WHEN 'hi' THEN 'hindi'
    WHEN 'hu' THEN 'hungarian' WHEN 'id' THEN 'indonesian' WHEN 'ga' THEN 'irish'
    WHEN 'it' THEN 'italian' WHEN 'lt' THEN 'lithuanian' WHEN 'ne' THEN 'nepali'
    WHEN 'no' THEN 'norwegian' WHEN 'nb' THEN 'norwegian' WHEN 'nn' THEN 'norwegian'
    WHEN 'pt' THEN 'portuguese' WHEN 'ro' THEN 'romanian' WHEN 'ru' THEN 'russian'
    WHEN 'sr' THEN 'serbian' WHEN 'es' THEN 'spanish' WHEN 'sv' THEN 'swedish'
    WHEN 'ta' THEN 'tamil' WHEN 'tr' THEN 'turkish' WHEN 'yi' THEN 'yiddish'
    ELSE 'simple' END::regconfig
$$
"""


def upgrade() -> None:
    op.execute(TS_CONFIG_FUNCTION)
    op.add_column("public_postings", sa.Column("annual_salary_min", sa.Numeric(18, 2)))
    op.add_column("public_postings", sa.Column("annual_salary_max", sa.Numeric(18, 2)))
    op.add_column(
        "public_postings",
        sa.Column("search", postgresql.TSVECTOR(), nullable=False, server_default=""),
    )
    op.create_index(
        "ix_public_postings_search", "public_postings", ["search"], postgresql_using="gin"
    )
    op.create_index(
        "ix_public_postings_language_newest",
        "public_postings",
        ["language", sa.literal_column("published_at DESC"), sa.literal_column("id DESC")],
    )
    op.create_index(
        "ix_public_postings_cities", "public_postings", ["cities"], postgresql_using="gin"
    )
    op.create_index(
        "ix_public_postings_remote_countries",
        "public_postings",
        ["remote_countries"],
        postgresql_using="gin",
    )
    op.create_index(
        "ix_public_postings_pay",
        "public_postings",
        ["salary_currency", "annual_salary_max"],
        postgresql_where=sa.text("salary_currency IS NOT NULL"),
    )
    op.create_table(
        "public_companies",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_companies")),
        sa.UniqueConstraint("slug", name=op.f("uq_public_companies_slug")),
    )
    op.create_table(
        "public_requirements",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("terms", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_requirements")),
    )


def downgrade() -> None:
    op.drop_table("public_requirements")
    op.drop_table("public_companies")
    op.drop_index("ix_public_postings_pay", table_name="public_postings")
    op.drop_index("ix_public_postings_remote_countries", table_name="public_postings")
    op.drop_index("ix_public_postings_cities", table_name="public_postings")
    op.drop_index("ix_public_postings_language_newest", table_name="public_postings")
    op.drop_index("ix_public_postings_search", table_name="public_postings")
    op.drop_column("public_postings", "search")
    op.drop_column("public_postings", "annual_salary_max")
    op.drop_column("public_postings", "annual_salary_min")
    op.execute("DROP FUNCTION jobboard_ts_config(text)")
