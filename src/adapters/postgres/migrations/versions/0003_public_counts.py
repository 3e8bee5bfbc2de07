"""public posting counts per language, country, requirement, company, workplace, employment type;
the generation of public_postings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies of adapters.postgres.public_counts at this revision: a later change
# to the triggers comes as a new migration (a test compares the installed ones).
INSTALL = [
    """CREATE FUNCTION jobboard_count_keys(
    language text, countries text[], remote_countries text[], requirement_names text[],
    company_id uuid, workplace text, employment_type text
) RETURNS TABLE (dimension text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 'language', language
    UNION ALL SELECT 'company', company_id::text
    UNION ALL SELECT 'workplace', workplace
    UNION ALL SELECT 'employment_type', employment_type
    UNION ALL SELECT DISTINCT 'country', c FROM unnest(countries || remote_countries) c
    UNION ALL SELECT 'requirement', r FROM unnest(requirement_names) r
$$
""",
    """CREATE FUNCTION jobboard_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Whatever changed public_postings, answers cached from it are out of date.
    INSERT INTO public_postings_generation AS g (id, generation) VALUES (true, 1) ON CONFLICT (id) DO UPDATE SET generation = g.generation + 1;
    -- A rebuild recounts everything once at the end instead.
    IF current_setting('jobboard.recount', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO public_posting_counts AS pc (dimension, value, language, postings)
SELECT k.dimension, k.value, d.language, sum(d.sign)
FROM (SELECT 1 AS sign, r.language, r.countries, r.remote_countries, r.requirement_names, r.company_id, r.workplace, r.employment_type FROM added r WHERE r.valid_through > coalesce((SELECT swept_until FROM public_counts_horizon), '-infinity'::timestamptz)) d CROSS JOIN LATERAL jobboard_count_keys(d.language, d.countries::text[], d.remote_countries::text[], d.requirement_names, d.company_id, d.workplace, d.employment_type) k
GROUP BY 1, 2, 3
HAVING sum(d.sign) <> 0
ON CONFLICT (dimension, value, language)
DO UPDATE SET postings = pc.postings + EXCLUDED.postings;
    DELETE FROM public_posting_counts WHERE postings = 0;
    RETURN NULL;
END
$$
""",
    """CREATE TRIGGER jobboard_count_inserted AFTER INSERT ON public_postings REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION jobboard_count_inserted()
""",
    """CREATE FUNCTION jobboard_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Whatever changed public_postings, answers cached from it are out of date.
    INSERT INTO public_postings_generation AS g (id, generation) VALUES (true, 1) ON CONFLICT (id) DO UPDATE SET generation = g.generation + 1;
    -- A rebuild recounts everything once at the end instead.
    IF current_setting('jobboard.recount', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO public_posting_counts AS pc (dimension, value, language, postings)
SELECT k.dimension, k.value, d.language, sum(d.sign)
FROM (SELECT -1 AS sign, r.language, r.countries, r.remote_countries, r.requirement_names, r.company_id, r.workplace, r.employment_type FROM removed r WHERE r.valid_through > coalesce((SELECT swept_until FROM public_counts_horizon), '-infinity'::timestamptz)) d CROSS JOIN LATERAL jobboard_count_keys(d.language, d.countries::text[], d.remote_countries::text[], d.requirement_names, d.company_id, d.workplace, d.employment_type) k
GROUP BY 1, 2, 3
HAVING sum(d.sign) <> 0
ON CONFLICT (dimension, value, language)
DO UPDATE SET postings = pc.postings + EXCLUDED.postings;
    DELETE FROM public_posting_counts WHERE postings = 0;
    RETURN NULL;
END
$$
""",
    """CREATE TRIGGER jobboard_count_deleted AFTER DELETE ON public_postings REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION jobboard_count_deleted()
""",
    """CREATE FUNCTION jobboard_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Whatever changed public_postings, answers cached from it are out of date.
    INSERT INTO public_postings_generation AS g (id, generation) VALUES (true, 1) ON CONFLICT (id) DO UPDATE SET generation = g.generation + 1;
    -- A rebuild recounts everything once at the end instead.
    IF current_setting('jobboard.recount', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO public_posting_counts AS pc (dimension, value, language, postings)
SELECT k.dimension, k.value, d.language, sum(d.sign)
FROM (SELECT 1 AS sign, r.language, r.countries, r.remote_countries, r.requirement_names, r.company_id, r.workplace, r.employment_type FROM added r WHERE r.valid_through > coalesce((SELECT swept_until FROM public_counts_horizon), '-infinity'::timestamptz) UNION ALL SELECT -1 AS sign, r.language, r.countries, r.remote_countries, r.requirement_names, r.company_id, r.workplace, r.employment_type FROM removed r WHERE r.valid_through > coalesce((SELECT swept_until FROM public_counts_horizon), '-infinity'::timestamptz)) d CROSS JOIN LATERAL jobboard_count_keys(d.language, d.countries::text[], d.remote_countries::text[], d.requirement_names, d.company_id, d.workplace, d.employment_type) k
GROUP BY 1, 2, 3
HAVING sum(d.sign) <> 0
ON CONFLICT (dimension, value, language)
DO UPDATE SET postings = pc.postings + EXCLUDED.postings;
    DELETE FROM public_posting_counts WHERE postings = 0;
    RETURN NULL;
END
$$
""",
    """CREATE TRIGGER jobboard_count_updated AFTER UPDATE ON public_postings REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION jobboard_count_updated()
""",
]

UNINSTALL = [
    "DROP TRIGGER jobboard_count_inserted ON public_postings",
    "DROP TRIGGER jobboard_count_deleted ON public_postings",
    "DROP TRIGGER jobboard_count_updated ON public_postings",
    "DROP FUNCTION jobboard_count_inserted()",
    "DROP FUNCTION jobboard_count_deleted()",
    "DROP FUNCTION jobboard_count_updated()",
    "DROP FUNCTION jobboard_count_keys(text, text[], text[], text[], uuid, text, text)",
]

RECOUNT = """INSERT INTO public_posting_counts (dimension, value, language, postings)
SELECT k.dimension, k.value, pp.language, count(*)
FROM public_postings pp CROSS JOIN LATERAL jobboard_count_keys(pp.language, pp.countries::text[], pp.remote_countries::text[], pp.requirement_names, pp.company_id, pp.workplace, pp.employment_type) k
WHERE pp.valid_through > coalesce((SELECT swept_until FROM public_counts_horizon), '-infinity'::timestamptz)
GROUP BY 1, 2, 3
"""


def upgrade() -> None:
    op.create_index("ix_public_postings_valid_through", "public_postings", ["valid_through"])
    op.create_table(
        "public_posting_counts",
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("postings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "dimension", "value", "language", name=op.f("pk_public_posting_counts")
        ),
    )
    op.create_index(
        "ix_public_posting_counts_empty",
        "public_posting_counts",
        ["dimension"],
        postgresql_where=sa.text("postings = 0"),
    )
    op.create_table(
        "public_counts_horizon",
        sa.Column("id", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("swept_until", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id", name=op.f("ck_public_counts_horizon_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_counts_horizon")),
    )
    op.create_table(
        "public_postings_generation",
        sa.Column("id", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id", name=op.f("ck_public_postings_generation_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_postings_generation")),
    )
    for statement in INSTALL:
        op.execute(statement)
    # Count the postings already public (no horizon yet: every row counts).
    op.execute(RECOUNT)


def downgrade() -> None:
    for statement in UNINSTALL:
        op.execute(statement)
    op.drop_table("public_postings_generation")
    op.drop_table("public_counts_horizon")
    op.drop_index("ix_public_posting_counts_empty", table_name="public_posting_counts")
    op.drop_table("public_posting_counts")
    op.drop_index("ix_public_postings_valid_through", table_name="public_postings")
