"""near_duplicate_signatures, near_duplicate_bands: the MinHash signatures of public (and
recently public) postings, and their LSH band keys, looked up at publish

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "near_duplicate_signatures",
        sa.Column("posting_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("company_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["posting_id"],
            ["postings.id"],
            name=op.f("fk_near_duplicate_signatures_posting_id_postings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("posting_id", name=op.f("pk_near_duplicate_signatures")),
    )
    op.create_table(
        "near_duplicate_bands",
        sa.Column("band_key", sa.BigInteger(), nullable=False),
        sa.Column("posting_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["posting_id"],
            ["near_duplicate_signatures.posting_id"],
            name=op.f("fk_near_duplicate_bands_posting_id_near_duplicate_signatures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("band_key", "posting_id", name=op.f("pk_near_duplicate_bands")),
    )
    # For the cascade when a signature is purged.
    op.create_index("ix_near_duplicate_bands_posting", "near_duplicate_bands", ["posting_id"])


def downgrade() -> None:
    op.drop_table("near_duplicate_bands")
    op.drop_table("near_duplicate_signatures")
