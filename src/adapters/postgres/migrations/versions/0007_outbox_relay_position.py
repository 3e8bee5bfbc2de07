"""outbox relay position: when each event was published to the broker

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Events already in the outbox stay unrelayed: a relay started on an existing board
    # publishes its whole history, so the stream is the complete log of the board.
    op.add_column("outbox", sa.Column("relayed_at", sa.DateTime(timezone=True)))
    op.create_index(
        "ix_outbox_unrelayed", "outbox", ["id"], postgresql_where=sa.text("relayed_at IS NULL")
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_unrelayed", table_name="outbox")
    op.drop_column("outbox", "relayed_at")
