"""application methods: how candidates apply to a posting, on the write side and in the
public read model; applications made on the board, and their résumés

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision: str = "0009"
down_revision: str | None = "0008"
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
    _create_applications()


def _create_applications() -> None:
    ts = sa.DateTime(timezone=True)
    op.create_table(
        "job_applications",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("posting_id", UUID(as_uuid=True), nullable=False),
        sa.Column("company_id", UUID(as_uuid=True), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("email_key", sa.String(254), nullable=False),
        sa.Column("phone", sa.String(32)),
        sa.Column("cover_note", sa.Text, nullable=False),
        sa.Column("resume_content_type", sa.String(100)),
        sa.Column("resume_size", sa.Integer),
        sa.Column("resume_text", sa.Text),
        sa.Column("retention_days", sa.Integer, nullable=False),
        sa.Column("withdraw_token_hash", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("submitted_at", ts, nullable=False),
        sa.Column("updated_at", ts, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_job_applications"),
        sa.ForeignKeyConstraint(
            ["posting_id"], ["postings.id"], name="fk_job_applications_posting_id_postings"
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name="fk_job_applications_company_id_companies"
        ),
        sa.UniqueConstraint(
            "posting_id", "email_key", name="uq_job_applications_posting_id_email_key"
        ),
        sa.CheckConstraint(
            "status IN ('new', 'reviewed', 'shortlisted', 'rejected')",
            name="ck_job_applications_status",
        ),
        sa.CheckConstraint(
            "(resume_content_type IS NULL) = (resume_size IS NULL)"
            " AND (resume_content_type IS NULL) <> (resume_text IS NULL)",
            name="ck_job_applications_one_resume",
        ),
    )
    op.create_index(
        "ix_job_applications_posting_newest",
        "job_applications",
        ["posting_id", sa.text("submitted_at DESC"), sa.text("id DESC")],
    )
    op.create_table(
        "application_resumes",
        sa.Column("application_id", UUID(as_uuid=True), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.PrimaryKeyConstraint("application_id", name="pk_application_resumes"),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["job_applications.id"],
            name="fk_application_resumes_application_id_job_applications",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("application_resumes")
    op.drop_table("job_applications")
    op.drop_column("public_postings", "application_method")
    op.drop_constraint("ck_postings_application_method", "postings", type_="check")
    op.drop_column("postings", "application_email")
    op.drop_column("postings", "application_url")
    op.drop_column("postings", "application_kind")
