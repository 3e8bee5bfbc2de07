"""application methods: how candidates apply to a posting, on the write side and in the
public read model

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept in step with adapters.postgres.tables.APPLICATION_METHOD_CHECK (a test compares the
# migrated schema with the table definitions).
APPLICATION_METHOD_CHECK = (
    "(application_kind IS NULL AND application_url IS NULL AND application_email IS NULL)"
    " OR (application_kind = 'url' AND application_url IS NOT NULL"
    " AND application_email IS NULL)"
    " OR (application_kind = 'email' AND application_email IS NOT NULL"
    " AND application_url IS NULL)"
    " OR (application_kind = 'board' AND application_url IS NULL"
    " AND application_email IS NULL)"
)


# Nullable: the postings already stored have no method, and those already published
# stay public (only publishing asks for one).
def upgrade() -> None:
    op.add_column("postings", sa.Column("application_kind", sa.String(8)))
    op.add_column("postings", sa.Column("application_url", sa.String(500)))
    op.add_column("postings", sa.Column("application_email", sa.String(254)))
    op.create_check_constraint(
        "ck_postings_application_method", "postings", APPLICATION_METHOD_CHECK
    )
    op.add_column("public_postings", sa.Column("application_method", JSONB))


def downgrade() -> None:
    op.drop_column("public_postings", "application_method")
    op.drop_constraint("ck_postings_application_method", "postings", type_="check")
    op.drop_column("postings", "application_email")
    op.drop_column("postings", "application_url")
    op.drop_column("postings", "application_kind")
