"""job alerts: saved searches by email (alerts, their anchor keys, matches, mails), the
key their links are signed with, and the mailer's position in the outbox

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("filters", postgresql.JSONB(), nullable=False),
        sa.Column("frequency", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("confirm_digest", sa.String(64), nullable=False),
        sa.Column("unsubscribe_digest", sa.String(64), nullable=False),
        # The percolation index: the keys a posting must share with the alert to match it.
        sa.Column("anchor_keys", postgresql.ARRAY(sa.Text()), nullable=False),
        # The search's tsquery of the alert's q (jobboard_search_query is immutable), as
        # text: a candidate's text is checked with no reading of q again.
        sa.Column("text_query", sa.Text()),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("confirmed_at", TS),
        sa.Column("ended_at", TS),
        sa.Column("last_digest_at", TS),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("confirm_digest", name="uq_alerts_confirm_digest"),
        sa.UniqueConstraint("unsubscribe_digest", name="uq_alerts_unsubscribe_digest"),
    )
    # No pending list (fastupdate off): a posting's lookup would scan every alert inserted
    # since the last vacuum (78 ms instead of 1.3 ms after a bulk load of 100,000); an
    # alert's insert pays for its few keys instead.
    op.create_index(
        "ix_alerts_anchor_keys",
        "alerts",
        ["anchor_keys"],
        postgresql_using="gin",
        postgresql_with={"fastupdate": "off"},
        postgresql_where=sa.text("status = 'confirmed'"),
    )
    op.create_index(
        "ix_alerts_pending",
        "alerts",
        ["created_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    # Per address, for the rate limit on requests.
    op.create_index("ix_alerts_email", "alerts", [sa.text("lower(email)"), "created_at"])
    op.create_table(
        "alert_matches",
        sa.Column(
            "alert_id",
            postgresql.UUID(as_uuid=True),
            sa.ForeignKey("alerts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("posting_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("matched_at", TS, nullable=False),
        # The digest that carried it (daily alerts); NULL until one does.
        sa.Column("mail_id", sa.BigInteger()),
        # An alert gets a posting once, whatever replays or republishes.
        sa.PrimaryKeyConstraint("alert_id", "posting_id"),
    )
    op.create_index(
        "ix_alert_matches_undigested",
        "alert_matches",
        ["alert_id"],
        postgresql_where=sa.text("mail_id IS NULL"),
    )
    op.create_table(
        "alert_mails",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column(
            "alert_id",
            postgresql.UUID(as_uuid=True),
            sa.ForeignKey("alerts.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("posting_id", postgresql.UUID(as_uuid=True)),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", TS, nullable=False, server_default=sa.text("now()")),
        sa.Column("created_at", TS, nullable=False, server_default=sa.text("now()")),
        sa.Column("claimed_at", TS),
        sa.Column("sent_at", TS),
        # The SMTP server's answer class of the last failure; never an address.
        sa.Column("last_error", sa.String(200)),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'dropped')",
            name="alert_mail_status",
        ),
        sa.CheckConstraint("kind IN ('confirm', 'instant', 'digest')", name="alert_mail_kind"),
    )
    op.create_index(
        "ix_alert_mails_due",
        "alert_mails",
        ["next_attempt_at", "id"],
        postgresql_where=sa.text("status IN ('pending', 'sending')"),
    )
    # The key confirm and unsubscribe links are signed with (HMAC): a mail is rendered
    # again on a retry with the same links, and the tables keep only the links' digests.
    op.create_table(
        "alert_signing_key",
        sa.Column("id", sa.SmallInteger(), primary_key=True),
        sa.Column("key", sa.Text(), nullable=False),
        sa.CheckConstraint("id = 1", name="one_signing_key"),
    )
    # gen_random_uuid draws from the server's strong random source: 244 random bits.
    op.execute(
        "INSERT INTO alert_signing_key (id, key)"
        " VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))"
    )
    # The mailer's position, per event as the relay's is: events already there are history
    # (no alert existed to match them), so they count as mailed.
    op.add_column("outbox", sa.Column("mailed_at", TS))
    op.execute("UPDATE outbox SET mailed_at = recorded_at")
    op.create_index(
        "ix_outbox_unmailed", "outbox", ["id"], postgresql_where=sa.text("mailed_at IS NULL")
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_unmailed", table_name="outbox")
    op.drop_column("outbox", "mailed_at")
    op.drop_table("alert_signing_key")
    op.drop_index("ix_alert_mails_due", table_name="alert_mails")
    op.drop_table("alert_mails")
    op.drop_index("ix_alert_matches_undigested", table_name="alert_matches")
    op.drop_table("alert_matches")
    op.drop_index("ix_alerts_email", table_name="alerts")
    op.drop_index("ix_alerts_pending", table_name="alerts")
    op.drop_index("ix_alerts_anchor_keys", table_name="alerts")
    op.drop_table("alerts")
