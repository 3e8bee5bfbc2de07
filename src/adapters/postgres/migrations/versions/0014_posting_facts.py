"""posting facts: visa sponsorship, relocation support, working languages, what pay laws
ask for (benefits description, apply-by date) and screening questions, on the write side
and in the public read model, with the indexes the new filters read

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPTY_LIST = sa.text("'[]'::jsonb")


def _facts(table: str) -> None:
    # Postings stored before these facts say nothing of them: unknown, none.
    op.add_column(
        table, sa.Column("visa_sponsorship", sa.String(7), nullable=False, server_default="unknown")
    )
    op.add_column(
        table,
        sa.Column("relocation_support", sa.String(7), nullable=False, server_default="unknown"),
    )
    op.add_column(
        table, sa.Column("working_languages", JSONB, nullable=False, server_default=EMPTY_LIST)
    )
    op.add_column(table, sa.Column("benefits_description", sa.Text))
    op.add_column(table, sa.Column("apply_by", sa.Date))
    op.add_column(
        table, sa.Column("screening_questions", JSONB, nullable=False, server_default=EMPTY_LIST)
    )


def upgrade() -> None:
    op.add_column(
        "job_applications",
        sa.Column("answers", JSONB, nullable=False, server_default=EMPTY_LIST),
    )
    _facts("postings")
    _facts("public_postings")
    op.add_column(
        "public_postings",
        sa.Column("spoken_languages", ARRAY(sa.String(2)), nullable=False, server_default="{}"),
    )
    # The rows already public speak their own language.
    op.execute("UPDATE public_postings SET spoken_languages = ARRAY[language]::varchar(2)[]")
    op.create_index(
        "ix_public_postings_spoken_languages",
        "public_postings",
        ["spoken_languages"],
        postgresql_using="gin",
    )
    op.create_index("ix_public_postings_visa_sponsorship", "public_postings", ["visa_sponsorship"])
    op.create_index(
        "ix_public_postings_relocation_support", "public_postings", ["relocation_support"]
    )


def downgrade() -> None:
    op.drop_index("ix_public_postings_relocation_support", "public_postings")
    op.drop_index("ix_public_postings_visa_sponsorship", "public_postings")
    op.drop_index("ix_public_postings_spoken_languages", "public_postings")
    op.drop_column("public_postings", "spoken_languages")
    for table in ("public_postings", "postings"):
        for column in (
            "screening_questions",
            "apply_by",
            "benefits_description",
            "working_languages",
            "relocation_support",
            "visa_sponsorship",
        ):
            op.drop_column(table, column)
    op.drop_column("job_applications", "answers")
