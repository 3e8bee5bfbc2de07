"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 22:44:33.771384
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_before_suspension", sa.String(length=16), nullable=True),
        sa.Column("suspension_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'verified', 'suspended')", name=op.f("ck_companies_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint("slug", name=op.f("uq_companies_slug")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("principal", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_body", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("response_headers", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("principal", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column("aggregate_type", sa.String(length=32), nullable=False),
        sa.Column("aggregate_id", sa.UUID(), nullable=False),
        sa.Column("aggregate_version", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=64), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("projected_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint(
            "aggregate_id",
            "aggregate_version",
            name=op.f("uq_outbox_aggregate_id_aggregate_version"),
        ),
    )
    op.create_index(
        "ix_outbox_unprojected",
        "outbox",
        ["id"],
        unique=False,
        postgresql_where=sa.text("projected_at IS NULL"),
    )
    op.create_table(
        "public_postings",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("company_id", sa.UUID(), nullable=False),
        sa.Column("company_name", sa.String(length=200), nullable=False),
        sa.Column("company_slug", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("locations", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("countries", postgresql.ARRAY(sa.String(length=2)), nullable=False),
        sa.Column("cities", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("remote_countries", postgresql.ARRAY(sa.String(length=2)), nullable=False),
        sa.Column("workplace", sa.String(length=16), nullable=False),
        sa.Column("employment_type", sa.String(length=16), nullable=False),
        sa.Column("seniority", sa.String(length=16), nullable=True),
        sa.Column("salary_min", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("salary_max", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("salary_currency", sa.String(length=3), nullable=True),
        sa.Column("salary_period", sa.String(length=8), nullable=True),
        sa.Column("responsibilities", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("benefits", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("requirements", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("requirement_names", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_through", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "projected_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_postings")),
    )
    op.create_index("ix_public_postings_company", "public_postings", ["company_id"], unique=False)
    op.create_index(
        "ix_public_postings_countries",
        "public_postings",
        ["countries"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_public_postings_newest",
        "public_postings",
        [sa.literal_column("published_at DESC"), sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index(
        "ix_public_postings_requirement_names",
        "public_postings",
        ["requirement_names"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_table(
        "requirements",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("merged_into", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'active', 'merged')", name=op.f("ck_requirements_status")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into"],
            ["requirements.id"],
            name=op.f("fk_requirements_merged_into_requirements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirements")),
    )
    op.create_index(
        op.f("ix_requirements_merged_into"), "requirements", ["merged_into"], unique=False
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("company_id", sa.UUID(), nullable=True),
        sa.Column("key_hash", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(audience = 'employer') = (company_id IS NOT NULL)",
            name=op.f("ck_api_keys_employer_keys_have_a_company"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_api_keys_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
    )
    op.create_table(
        "postings",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("company_id", sa.UUID(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("locations", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("remote_countries", postgresql.ARRAY(sa.String(length=2)), nullable=False),
        sa.Column("workplace", sa.String(length=16), nullable=False),
        sa.Column("employment_type", sa.String(length=16), nullable=False),
        sa.Column("seniority", sa.String(length=16), nullable=True),
        sa.Column("salary_min", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("salary_max", sa.Numeric(precision=16, scale=2), nullable=True),
        sa.Column("salary_currency", sa.String(length=3), nullable=True),
        sa.Column("salary_period", sa.String(length=8), nullable=True),
        sa.Column("responsibilities", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("benefits", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_through", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("take_down_reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'closed', 'expired', 'taken_down')",
            name=op.f("ck_postings_status"),
        ),
        sa.ForeignKeyConstraint(
            ["company_id"], ["companies.id"], name=op.f("fk_postings_company_id_companies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_postings")),
    )
    op.create_index(
        "ix_postings_company_created",
        "postings",
        ["company_id", sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(
        "ix_postings_published_valid_through",
        "postings",
        ["valid_through"],
        unique=False,
        postgresql_where=sa.text("status = 'published'"),
    )
    op.create_table(
        "requirement_terms",
        sa.Column("term", sa.String(length=100), nullable=False),
        sa.Column("requirement_id", sa.UUID(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["requirements.id"],
            name=op.f("fk_requirement_terms_requirement_id_requirements"),
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint(
            "term", deferrable=True, initially="DEFERRED", name=op.f("uq_requirement_terms_term")
        ),
    )
    op.create_index(
        op.f("ix_requirement_terms_requirement_id"),
        "requirement_terms",
        ["requirement_id"],
        unique=False,
    )
    op.create_table(
        "posting_requirements",
        sa.Column("posting_id", sa.UUID(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("requirement_id", sa.UUID(), nullable=False),
        sa.Column("importance", sa.String(length=8), nullable=False),
        sa.Column("min_years", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["posting_id"],
            ["postings.id"],
            name=op.f("fk_posting_requirements_posting_id_postings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["requirements.id"],
            name=op.f("fk_posting_requirements_requirement_id_requirements"),
        ),
        sa.PrimaryKeyConstraint("posting_id", "position", name=op.f("pk_posting_requirements")),
    )
    op.create_index(
        op.f("ix_posting_requirements_requirement_id"),
        "posting_requirements",
        ["requirement_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_posting_requirements_requirement_id"), table_name="posting_requirements")
    op.drop_table("posting_requirements")
    op.drop_index(op.f("ix_requirement_terms_requirement_id"), table_name="requirement_terms")
    op.drop_table("requirement_terms")
    op.drop_index(
        "ix_postings_published_valid_through",
        table_name="postings",
        postgresql_where=sa.text("status = 'published'"),
    )
    op.drop_index("ix_postings_company_created", table_name="postings")
    op.drop_table("postings")
    op.drop_table("api_keys")
    op.drop_index(op.f("ix_requirements_merged_into"), table_name="requirements")
    op.drop_table("requirements")
    op.drop_index(
        "ix_public_postings_requirement_names", table_name="public_postings", postgresql_using="gin"
    )
    op.drop_index("ix_public_postings_newest", table_name="public_postings")
    op.drop_index(
        "ix_public_postings_countries", table_name="public_postings", postgresql_using="gin"
    )
    op.drop_index("ix_public_postings_company", table_name="public_postings")
    op.drop_table("public_postings")
    op.drop_index(
        "ix_outbox_unprojected",
        table_name="outbox",
        postgresql_where=sa.text("projected_at IS NULL"),
    )
    op.drop_table("outbox")
    op.drop_table("idempotency_keys")
    op.drop_table("companies")
