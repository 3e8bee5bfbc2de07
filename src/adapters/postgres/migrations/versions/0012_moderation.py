"""moderation: postings in review and rejected, with why; when a company was verified;
reports of public postings (the reporter's address as a keyed hash only); tombstones of
postings that went back to review

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, UUID

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = "('draft', 'published', 'closed', 'expired', 'taken_down', 'in_review', 'rejected')"
OLD_STATUSES = "('draft', 'published', 'closed', 'expired', 'taken_down')"


# A frozen copy of adapters.postgres.public_changes' delete trigger at this revision: a
# posting that leaves the board for review gets the tombstone reason 'in_review'.
def _deleted_trigger(statuses: str) -> str:
    return f"""CREATE OR REPLACE FUNCTION jobboard_changes_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM public_posting_changes ch USING removed r WHERE ch.posting_id = r.id;
    INSERT INTO public_posting_changes (posting_id, change, reason)
    SELECT r.id, 'removed', CASE
        WHEN p.id IS NULL THEN 'deleted'
        WHEN c.status = 'suspended' THEN 'company_suspended'
        WHEN p.status IN {statuses} THEN p.status
        ELSE 'withdrawn'
    END
    FROM removed r
    LEFT JOIN postings p ON p.id = r.id
    LEFT JOIN companies c ON c.id = p.company_id
    ORDER BY r.id;
    RETURN NULL;
END
$$"""


def upgrade() -> None:
    ts = sa.DateTime(timezone=True)
    op.add_column("companies", sa.Column("verified_at", ts))
    # Companies verified before this revision: the time their verification was recorded.
    op.execute(
        "UPDATE companies c SET verified_at = o.occurred_at FROM ("
        " SELECT aggregate_id, max(occurred_at) AS occurred_at FROM outbox"
        " WHERE event_type = 'CompanyVerified' GROUP BY aggregate_id) o"
        " WHERE o.aggregate_id = c.id"
    )
    op.add_column(
        "postings",
        sa.Column(
            "review_reasons",
            ARRAY(sa.String(32)),
            server_default=sa.text("'{}'::varchar[]"),
            nullable=False,
        ),
    )
    op.add_column("postings", sa.Column("submitted_for_review_at", ts))
    op.add_column("postings", sa.Column("rejection_reason", sa.String(16)))
    op.add_column("postings", sa.Column("rejection_note", sa.Text))
    op.drop_constraint(op.f("ck_postings_status"), "postings", type_="check")
    op.create_check_constraint(op.f("ck_postings_status"), "postings", f"status IN {STATUSES}")
    op.create_index(
        "ix_postings_review_queue",
        "postings",
        ["submitted_for_review_at", "id"],
        postgresql_where=sa.text("status = 'in_review'"),
    )
    op.create_table(
        "posting_reports",
        sa.Column("id", UUID(as_uuid=True), nullable=False),
        sa.Column("posting_id", UUID(as_uuid=True), nullable=False),
        sa.Column("company_id", UUID(as_uuid=True), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("reporter_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", ts, nullable=False),
        sa.Column("closed_at", ts),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_posting_reports"),
        sa.ForeignKeyConstraint(
            ["posting_id"], ["postings.id"], name="fk_posting_reports_posting_id_postings"
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name="fk_posting_reports_company_id_companies"
        ),
        sa.UniqueConstraint(
            "posting_id", "reporter_hash", name="uq_posting_reports_posting_id_reporter_hash"
        ),
        sa.CheckConstraint(
            "status IN ('open', 'dismissed', 'resolved')", name="ck_posting_reports_status"
        ),
        sa.CheckConstraint(
            "reason IN ('scam', 'discriminatory', 'misleading', 'expired_or_filled', 'other')",
            name="ck_posting_reports_reason",
        ),
    )
    op.create_index(
        "ix_posting_reports_posting_created", "posting_reports", ["posting_id", "created_at", "id"]
    )
    op.execute(_deleted_trigger("('closed', 'expired', 'taken_down', 'in_review')"))


def downgrade() -> None:
    op.execute(_deleted_trigger("('closed', 'expired', 'taken_down')"))
    op.drop_table("posting_reports")
    op.drop_index("ix_postings_review_queue", table_name="postings")
    # Postings in review or rejected have no place in the older schema: back to drafts.
    op.execute("UPDATE postings SET status = 'draft' WHERE status IN ('in_review', 'rejected')")
    op.drop_constraint(op.f("ck_postings_status"), "postings", type_="check")
    op.create_check_constraint(op.f("ck_postings_status"), "postings", f"status IN {OLD_STATUSES}")
    op.drop_column("postings", "rejection_note")
    op.drop_column("postings", "rejection_reason")
    op.drop_column("postings", "submitted_for_review_at")
    op.drop_column("postings", "review_reasons")
    op.drop_column("companies", "verified_at")
