"""audit_log: every admin act, append-only; admin keys get a name

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A statement-level trigger, so a DELETE or UPDATE that matches no row is refused too (a
# row-level one would let it pass, and a probe could not tell the guard is there). It
# fires for every role, the table's owner and superusers included; only a superuser's
# session_replication_role = replica (a restore, a test's wipe) skips it.
APPEND_ONLY_FUNCTION = """
CREATE FUNCTION jobboard_audit_log_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""
APPEND_ONLY_TRIGGER = """
CREATE TRIGGER audit_log_is_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION jobboard_audit_log_is_append_only()
"""


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("name", sa.String(length=100), nullable=True))
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.String(length=128), nullable=False),
        sa.Column("actor_name", sa.String(length=100), nullable=True),
        sa.Column("act", sa.String(length=64), nullable=False),
        sa.Column("aggregate_type", sa.String(length=32), nullable=True),
        sa.Column("aggregate_id", sa.UUID(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.CheckConstraint(
            "(aggregate_type IS NULL) = (aggregate_id IS NULL)",
            name=op.f("ck_audit_log_aggregate_named_whole"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_recorded_at_seq", "audit_log", ["recorded_at", "seq"])
    op.create_index(
        "ix_audit_log_actor", "audit_log", ["actor_kind", "actor_id", "recorded_at", "seq"]
    )
    op.create_index("ix_audit_log_aggregate", "audit_log", ["aggregate_id", "recorded_at", "seq"])
    op.execute(APPEND_ONLY_FUNCTION)
    op.execute(APPEND_ONLY_TRIGGER)
    # Privileges as well as the trigger: no role holds UPDATE, DELETE or TRUNCATE on the
    # log, not even the owner (the application's role when it migrates its own schema).
    # A role granted them later still meets the trigger.
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC, CURRENT_USER")


def downgrade() -> None:
    op.drop_table("audit_log")  # its trigger goes with it
    op.execute("DROP FUNCTION jobboard_audit_log_is_append_only()")
    op.drop_column("api_keys", "name")
