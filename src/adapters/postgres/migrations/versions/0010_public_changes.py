"""public_posting_changes: the public board's change log for incremental sync, kept by
triggers on public_postings; public_changes_horizon: how far tombstones were purged

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A frozen copy of adapters.postgres.public_changes at this revision: a later change to
# the triggers comes as a new migration.
INSTALL = [
    """CREATE FUNCTION jobboard_changes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM public_posting_changes ch USING added a WHERE ch.posting_id = a.id;
    INSERT INTO public_posting_changes (posting_id, change)
    SELECT a.id, 'published' FROM added a ORDER BY a.id;
    RETURN NULL;
END
$$
""",
    """CREATE TRIGGER jobboard_changes_inserted AFTER INSERT ON public_postings REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION jobboard_changes_inserted()
""",
    """CREATE FUNCTION jobboard_changes_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH changed AS (
        SELECT a.id FROM added a JOIN removed r ON r.id = a.id
        WHERE (r.version, r.summary, r.description, r.responsibilities, r.benefits, r.requirements) IS DISTINCT FROM (a.version, a.summary, a.description, a.responsibilities, a.benefits, a.requirements)
    ), moved AS (
        DELETE FROM public_posting_changes ch USING changed m WHERE ch.posting_id = m.id
    )
    INSERT INTO public_posting_changes (posting_id, change)
    SELECT m.id, 'changed' FROM changed m ORDER BY m.id;
    RETURN NULL;
END
$$
""",
    """CREATE TRIGGER jobboard_changes_updated AFTER UPDATE ON public_postings REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION jobboard_changes_updated()
""",
    """CREATE FUNCTION jobboard_changes_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM public_posting_changes ch USING removed r WHERE ch.posting_id = r.id;
    INSERT INTO public_posting_changes (posting_id, change, reason)
    SELECT r.id, 'removed', CASE
        WHEN p.id IS NULL THEN 'deleted'
        WHEN c.status = 'suspended' THEN 'company_suspended'
        WHEN p.status IN ('closed', 'expired', 'taken_down') THEN p.status
        ELSE 'withdrawn'
    END
    FROM removed r
    LEFT JOIN postings p ON p.id = r.id
    LEFT JOIN companies c ON c.id = p.company_id
    ORDER BY r.id;
    RETURN NULL;
END
$$
""",
    """CREATE TRIGGER jobboard_changes_deleted AFTER DELETE ON public_postings REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION jobboard_changes_deleted()
""",
]
UNINSTALL = [
    "DROP TRIGGER jobboard_changes_inserted ON public_postings",
    "DROP TRIGGER jobboard_changes_updated ON public_postings",
    "DROP TRIGGER jobboard_changes_deleted ON public_postings",
    "DROP FUNCTION jobboard_changes_inserted()",
    "DROP FUNCTION jobboard_changes_updated()",
    "DROP FUNCTION jobboard_changes_deleted()",
]


def upgrade() -> None:
    op.create_table(
        "public_posting_changes",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("posting_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "change IN ('published', 'changed', 'removed')",
            name=op.f("ck_public_posting_changes_known_change"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_public_posting_changes")),
    )
    op.create_index("ix_public_posting_changes_posting", "public_posting_changes", ["posting_id"])
    op.create_index(
        "ix_public_posting_changes_tombstones",
        "public_posting_changes",
        ["changed_at"],
        postgresql_where=sa.text("change = 'removed'"),
    )
    op.create_table(
        "public_changes_horizon",
        sa.Column("id", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("purged_through", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id", name=op.f("ck_public_changes_horizon_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_changes_horizon")),
    )
    # The board as it is now opens the log: a client reading from the start gets it whole.
    op.execute(
        "INSERT INTO public_posting_changes (posting_id, change)"
        " SELECT id, 'published' FROM public_postings ORDER BY published_at, id"
    )
    for statement in INSTALL:
        op.execute(statement)


def downgrade() -> None:
    for statement in UNINSTALL:
        op.execute(statement)
    op.drop_table("public_changes_horizon")
    op.drop_index("ix_public_posting_changes_tombstones", table_name="public_posting_changes")
    op.drop_index("ix_public_posting_changes_posting", table_name="public_posting_changes")
    op.drop_table("public_posting_changes")
