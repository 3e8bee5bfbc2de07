"""Table definitions (SQLAlchemy Core). Alembic migrations are the source of truth for
the schema; these mirror them for building statements, and a test checks they agree."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

TS = DateTime(timezone=True)

# A posting's application method: a kind and exactly the one address that kind has.
APPLICATION_METHOD_CHECK = (
    "(application_kind IS NULL AND application_url IS NULL AND application_email IS NULL)"
    " OR (application_kind = 'url' AND application_url IS NOT NULL"
    " AND application_email IS NULL)"
    " OR (application_kind = 'email' AND application_email IS NOT NULL"
    " AND application_url IS NULL)"
    " OR (application_kind = 'board' AND application_url IS NULL"
    " AND application_email IS NULL)"
)

# ---------------------------------------------------------------- write side

companies = Table(
    "companies",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("slug", String(80), nullable=False),
    Column("name", String(200), nullable=False),
    Column("website", String(500)),
    Column("description", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("status", String(16), nullable=False),
    Column("status_before_suspension", String(16)),
    Column("verified_at", TS),  # moderation: how new a company is
    Column("suspension_reason", Text),
    Column("created_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("slug"),
    CheckConstraint("status IN ('pending', 'verified', 'suspended')", name="status"),
)

requirements = Table(
    "requirements",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("merged_into", UUID(as_uuid=True), ForeignKey("requirements.id")),
    Column("created_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint("status IN ('pending', 'active', 'merged')", name="status"),
    Index(None, "merged_into"),
)

# Every normalised name and alias of a live requirement, unique across the catalogue.
# The uniqueness is checked at commit, so a merge can move terms between entries.
requirement_terms = Table(
    "requirement_terms",
    metadata,
    Column("term", String(100), nullable=False),
    Column(
        "requirement_id",
        UUID(as_uuid=True),
        ForeignKey("requirements.id", ondelete="CASCADE"),
        nullable=False,
    ),
    UniqueConstraint("term", deferrable=True, initially="DEFERRED"),
    Index(None, "requirement_id"),
)

postings = Table(
    "postings",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("company_id", UUID(as_uuid=True), ForeignKey("companies.id"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("language", String(2), nullable=False),
    Column("locations", JSONB, nullable=False),
    Column("remote_countries", ARRAY(String(2)), nullable=False),
    Column("workplace", String(16), nullable=False),
    Column("employment_type", String(16), nullable=False),
    Column("seniority", String(16)),
    Column("salary_min", Numeric(16, 2)),
    Column("salary_max", Numeric(16, 2)),
    Column("salary_currency", String(3)),
    Column("salary_period", String(8)),
    Column("responsibilities", JSONB, nullable=False),
    Column("benefits", JSONB, nullable=False),
    Column("published_at", TS),
    Column("valid_through", TS),
    Column("ended_at", TS),
    Column("take_down_reason", Text),
    Column("created_at", TS, nullable=False),
    Column("updated_at", TS, nullable=False),
    Column("version", Integer, nullable=False),
    # How candidates apply; NULL in drafts without one and in postings published before
    # the board asked for one.
    Column("application_kind", String(8)),
    Column("application_url", String(500)),
    Column("application_email", String(254)),
    # Moderation (revision 0012): why a posting waits in review and since when; the last
    # rejection's code and note.
    Column(
        "review_reasons",
        ARRAY(String(32)),
        server_default=text("'{}'::varchar[]"),
        nullable=False,
    ),
    Column("submitted_for_review_at", TS),
    Column("rejection_reason", String(16)),
    Column("rejection_note", Text),
    # Facts candidates filter on, what pay laws ask for, and the screening questions
    # (migration 0014): [{"language", "level"}], [{"id", "text", "kind", "required",
    # "choices"}].
    Column("visa_sponsorship", String(7), nullable=False, server_default="unknown"),
    Column("relocation_support", String(7), nullable=False, server_default="unknown"),
    Column("working_languages", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("benefits_description", Text),
    Column("apply_by", Date),
    Column("screening_questions", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    CheckConstraint(
        "status IN ('draft', 'published', 'closed', 'expired', 'taken_down', 'in_review',"
        " 'rejected')",
        name="status",
    ),
    CheckConstraint(APPLICATION_METHOD_CHECK, name="application_method"),
    Index("ix_postings_company_created", "company_id", text("created_at DESC")),
    Index(
        "ix_postings_published_valid_through",
        "valid_through",
        postgresql_where=text("status = 'published'"),
    ),
    Index(
        "ix_postings_review_queue",
        "submitted_for_review_at",
        "id",
        postgresql_where=text("status = 'in_review'"),
    ),
)

posting_requirements = Table(
    "posting_requirements",
    metadata,
    Column(
        "posting_id",
        UUID(as_uuid=True),
        ForeignKey("postings.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("position", Integer, nullable=False),
    Column("requirement_id", UUID(as_uuid=True), ForeignKey("requirements.id"), nullable=False),
    Column("importance", String(8), nullable=False),
    Column("min_years", Integer),
    Column("detail", Text),
    PrimaryKeyConstraint("posting_id", "position"),
    Index(None, "requirement_id"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("audience", String(16), nullable=False),
    Column("name", String(100)),  # an admin key's, for the audit log; older keys have none
    Column("company_id", UUID(as_uuid=True), ForeignKey("companies.id")),
    Column("key_hash", String(128), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("revoked_at", TS),
    Column("version", Integer, nullable=False),
    UniqueConstraint("key_hash"),
    CheckConstraint(
        "(audience = 'employer') = (company_id IS NOT NULL)", name="employer_keys_have_a_company"
    ),
)

# Applications made on the board. Personal data: read by the posting's employer only, and
# erased whole (with the résumé) when the candidate withdraws.
job_applications = Table(
    "job_applications",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("posting_id", UUID(as_uuid=True), ForeignKey("postings.id"), nullable=False),
    Column("company_id", UUID(as_uuid=True), ForeignKey("companies.id"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("email", String(254), nullable=False),
    # The address as one-application-per-address compares it (in lower case).
    Column("email_key", String(254), nullable=False),
    Column("phone", String(32)),
    Column("cover_note", Text, nullable=False),
    Column("resume_content_type", String(100)),
    Column("resume_size", Integer),
    Column("resume_text", Text),
    Column("retention_days", Integer, nullable=False),
    Column("withdraw_token_hash", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("submitted_at", TS, nullable=False),
    # The screening answers, each with its question as asked (migration 0014):
    # [{"question_id", "question", "kind", "answer"}].
    Column("answers", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("updated_at", TS, nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("posting_id", "email_key"),
    CheckConstraint("status IN ('new', 'reviewed', 'shortlisted', 'rejected')", name="status"),
    CheckConstraint(
        "(resume_content_type IS NULL) = (resume_size IS NULL)"
        " AND (resume_content_type IS NULL) <> (resume_text IS NULL)",
        name="one_resume",
    ),
    Index(
        "ix_job_applications_posting_newest",
        "posting_id",
        text("submitted_at DESC"),
        text("id DESC"),
    ),
)

# A résumé's bytes, apart from the application's row so that reading an application does
# not read its file; written in the application's transaction, erased with it.
application_resumes = Table(
    "application_resumes",
    metadata,
    Column(
        "application_id",
        UUID(as_uuid=True),
        ForeignKey("job_applications.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("data", LargeBinary, nullable=False),
)

# Domain events of committed changes, in commit order for the projector and the relay.
outbox = Table(
    "outbox",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("aggregate_type", String(32), nullable=False),
    Column("aggregate_id", UUID(as_uuid=True), nullable=False),
    Column("aggregate_version", Integer, nullable=False),
    Column("event_type", String(64), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("occurred_at", TS, nullable=False),
    Column("recorded_at", TS, nullable=False, server_default=text("now()")),
    Column("projected_at", TS),
    # When the relay had the event acknowledged by the broker (None: not yet published).
    Column("relayed_at", TS),
    # When the alert mailer took the event (None: not yet; migration 0015).
    Column("mailed_at", TS),
    # When the webhook worker turned the event into deliveries (None: not yet; 0016).
    Column("webhooked_at", TS),
    UniqueConstraint("aggregate_id", "aggregate_version"),
    Index("ix_outbox_unprojected", "id", postgresql_where=text("projected_at IS NULL")),
    Index("ix_outbox_unrelayed", "id", postgresql_where=text("relayed_at IS NULL")),
    Index("ix_outbox_unmailed", "id", postgresql_where=text("mailed_at IS NULL")),
    Index("ix_outbox_unwebhooked", "id", postgresql_where=text("webhooked_at IS NULL")),
)

# Every admin act, written in the act's own transaction. Append-only: a trigger refuses
# UPDATE, DELETE and TRUNCATE for every role (migration 0008). The key's name is copied in
# (keys are never renamed), so an entry reads the same whatever happens to the key later.
audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("recorded_at", TS, nullable=False),
    Column("actor_kind", String(16), nullable=False),
    Column("actor_id", String(128), nullable=False),
    Column("actor_name", String(100)),
    Column("act", String(64), nullable=False),
    Column("aggregate_type", String(32)),
    Column("aggregate_id", UUID(as_uuid=True)),
    Column("reason", Text),
    Column("details", JSONB, nullable=False),
    CheckConstraint(
        "(aggregate_type IS NULL) = (aggregate_id IS NULL)", name="aggregate_named_whole"
    ),
    Index("ix_audit_log_recorded_at_seq", "recorded_at", "seq"),
    Index("ix_audit_log_actor", "actor_kind", "actor_id", "recorded_at", "seq"),
    Index("ix_audit_log_aggregate", "aggregate_id", "recorded_at", "seq"),
)

# Responses to creating POSTs, so a retried request with the same Idempotency-Key
# gets the first answer instead of creating a second thing.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("principal", String(64), nullable=False),
    Column("key", String(255), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer),
    Column("response_body", JSONB),
    Column("response_headers", JSONB),
    Column("created_at", TS, nullable=False, server_default=text("now()")),
    PrimaryKeyConstraint("principal", "key"),
)

# ---------------------------------------------------------------- read side

public_postings = Table(
    "public_postings",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("company_id", UUID(as_uuid=True), nullable=False),
    Column("company_name", String(200), nullable=False),
    Column("company_slug", String(80), nullable=False),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("language", String(2), nullable=False),
    Column("locations", JSONB, nullable=False),
    Column("countries", ARRAY(String(2)), nullable=False),
    Column("cities", ARRAY(Text), nullable=False),
    Column("remote_countries", ARRAY(String(2)), nullable=False),
    Column("workplace", String(16), nullable=False),
    Column("employment_type", String(16), nullable=False),
    Column("seniority", String(16)),
    Column("salary_min", Numeric(16, 2)),
    Column("salary_max", Numeric(16, 2)),
    Column("salary_currency", String(3)),
    Column("salary_period", String(8)),
    Column("responsibilities", JSONB, nullable=False),
    Column("benefits", JSONB, nullable=False),
    Column("requirements", JSONB, nullable=False),
    Column("requirement_names", ARRAY(Text), nullable=False),
    Column("published_at", TS, nullable=False),
    Column("valid_through", TS, nullable=False),
    Column("version", Integer, nullable=False),
    Column("projected_at", TS, nullable=False, server_default=text("now()")),
    # Pay per year, so postings quoted per hour, day, month or year compare.
    Column("annual_salary_min", Numeric(18, 2)),
    Column("annual_salary_max", Numeric(18, 2)),
    # title > requirements > company > description, in the posting's own language.
    Column("search", TSVECTOR, nullable=False, server_default=""),
    # The posting as a search lists it, a JSON object encoded when it was projected.
    Column("summary", Text, nullable=False),
    # How to apply, as the detail shows it ({"kind", "url" | "email"}); NULL for none.
    Column("application_method", JSONB),
    # The posting's facts (migration 0014). spoken_languages: its own language and the
    # team's working languages, what the working_language filter matches.
    Column("visa_sponsorship", String(7), nullable=False, server_default="unknown"),
    Column("relocation_support", String(7), nullable=False, server_default="unknown"),
    Column("working_languages", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("spoken_languages", ARRAY(String(2)), nullable=False, server_default="{}"),
    Column("benefits_description", Text),
    Column("apply_by", Date),
    Column("screening_questions", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Index("ix_public_postings_newest", text("published_at DESC"), text("id DESC")),
    Index("ix_public_postings_company", "company_id"),
    Index("ix_public_postings_valid_through", "valid_through"),
    Index("ix_public_postings_countries", "countries", postgresql_using="gin"),
    Index("ix_public_postings_requirement_names", "requirement_names", postgresql_using="gin"),
    Index("ix_public_postings_search", "search", postgresql_using="gin"),
    Index(
        "ix_public_postings_language_newest", "language", text("published_at DESC"), text("id DESC")
    ),
    Index("ix_public_postings_cities", "cities", postgresql_using="gin"),
    Index("ix_public_postings_remote_countries", "remote_countries", postgresql_using="gin"),
    Index("ix_public_postings_spoken_languages", "spoken_languages", postgresql_using="gin"),
    Index("ix_public_postings_visa_sponsorship", "visa_sponsorship"),
    Index("ix_public_postings_relocation_support", "relocation_support"),
    Index(
        "ix_public_postings_pay",
        "salary_currency",
        "annual_salary_max",
        postgresql_where=text("salary_currency IS NOT NULL"),
    ),
)

# Companies a candidate may look at: verified and not suspended.
public_companies = Table(
    "public_companies",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("slug", String(80), nullable=False),
    Column("name", String(200), nullable=False),
    Column("website", String(500)),
    Column("description", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("slug"),
)

# The live requirement catalogue (merged entries left out), with every term it answers to.
public_requirements = Table(
    "public_requirements",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("terms", ARRAY(Text), nullable=False),
    Column("version", Integer, nullable=False),
)

# How many public postings count under each (dimension, value, language), where
# dimension is language, country, requirement or company; kept by triggers on
# public_postings (see adapters.postgres.public_counts).
public_posting_counts = Table(
    "public_posting_counts",
    metadata,
    Column("dimension", String(16), nullable=False),
    Column("value", Text, nullable=False),
    Column("language", String(2), nullable=False),
    Column("postings", Integer, nullable=False),
    PrimaryKeyConstraint("dimension", "value", "language"),
    Index("ix_public_posting_counts_empty", "dimension", postgresql_where=text("postings = 0")),
)

# The counts above cover the postings valid after swept_until (one row).
public_counts_horizon = Table(
    "public_counts_horizon",
    metadata,
    Column("id", Boolean, primary_key=True, server_default=text("true")),
    Column("swept_until", TS, nullable=False),
    CheckConstraint("id", name="single_row"),
)

# The public board's change log, one entry per posting, its latest (see public_changes).
public_posting_changes = Table(
    "public_posting_changes",
    metadata,
    Column("seq", BigInteger, Identity(always=True), primary_key=True),
    Column("posting_id", UUID(as_uuid=True), nullable=False),
    Column("change", String(16), nullable=False),
    Column("reason", String(32)),
    Column("changed_at", TS, nullable=False, server_default=text("now()")),
    CheckConstraint("change IN ('published', 'changed', 'removed')", name="known_change"),
    Index("ix_public_posting_changes_posting", "posting_id"),
    Index(
        "ix_public_posting_changes_tombstones",
        "changed_at",
        postgresql_where=text("change = 'removed'"),
    ),
)

# Tokens at or past purged_through can resume; older ones missed a purged tombstone.
public_changes_horizon = Table(
    "public_changes_horizon",
    metadata,
    Column("id", Boolean, primary_key=True, server_default=text("true")),
    Column("purged_through", BigInteger, nullable=False),
    CheckConstraint("id", name="single_row"),
)

# How many statements have changed public_postings (one row, bumped by its triggers).
public_postings_generation = Table(
    "public_postings_generation",
    metadata,
    Column("id", Boolean, primary_key=True, server_default=text("true")),
    Column("generation", BigInteger, nullable=False),
    CheckConstraint("id", name="single_row"),
)


# Reports of public postings (revision 0012). Who reported is a keyed hash of their
# address (HMAC-SHA256, hex): one report per address and posting, and no address kept.
posting_reports = Table(
    "posting_reports",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("posting_id", UUID(as_uuid=True), ForeignKey("postings.id"), nullable=False),
    Column("company_id", UUID(as_uuid=True), ForeignKey("companies.id"), nullable=False),
    Column("reason", String(32), nullable=False),
    Column("note", Text),
    Column("reporter_hash", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("closed_at", TS),
    Column("version", Integer, nullable=False),
    UniqueConstraint("posting_id", "reporter_hash"),
    CheckConstraint("status IN ('open', 'dismissed', 'resolved')", name="status"),
    CheckConstraint(
        "reason IN ('scam', 'discriminatory', 'misleading', 'expired_or_filled', 'other')",
        name="reason",
    ),
    Index("ix_posting_reports_posting_created", "posting_id", "created_at", "id"),
)


# Near-duplicates (issue 22, item 3): the MinHash signature of each posting that went
# public, kept while it is public and for the repost window after (the projector's upkeep
# purges older ones), and its LSH band keys, the only way a signature is found.
near_duplicate_signatures = Table(
    "near_duplicate_signatures",
    metadata,
    Column(
        "posting_id",
        UUID(as_uuid=True),
        ForeignKey("postings.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("company_id", UUID(as_uuid=True), nullable=False),
    Column("minhash", LargeBinary, nullable=False),  # 128 values of 32 bits, big-endian
    Column("signed_at", TS, nullable=False),
)

near_duplicate_bands = Table(
    "near_duplicate_bands",
    metadata,
    Column("band_key", BigInteger, nullable=False),
    Column(
        "posting_id",
        UUID(as_uuid=True),
        ForeignKey("near_duplicate_signatures.posting_id", ondelete="CASCADE"),
        nullable=False,
    ),
    PrimaryKeyConstraint("band_key", "posting_id"),
    Index("ix_near_duplicate_bands_posting", "posting_id"),
)


# Job alerts (migration 0015): saved searches by email, the percolation index of their
# anchor keys, the (alert, posting) matches, and the mails owed, one state machine a row.
alerts = Table(
    "alerts",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("email", String(254), nullable=False),
    Column("filters", JSONB, nullable=False),
    Column("frequency", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("confirm_digest", String(64), nullable=False),
    Column("unsubscribe_digest", String(64), nullable=False),
    Column("anchor_keys", ARRAY(Text), nullable=False),
    Column("text_query", Text),
    Column("created_at", TS, nullable=False),
    Column("confirmed_at", TS),
    Column("ended_at", TS),
    Column("last_digest_at", TS),
    Column("version", Integer, nullable=False),
    UniqueConstraint("confirm_digest", name="uq_alerts_confirm_digest"),
    UniqueConstraint("unsubscribe_digest", name="uq_alerts_unsubscribe_digest"),
    Index(
        "ix_alerts_anchor_keys",
        "anchor_keys",
        postgresql_using="gin",
        postgresql_with={"fastupdate": "off"},
        postgresql_where=text("status = 'confirmed'"),
    ),
    Index("ix_alerts_pending", "created_at", postgresql_where=text("status = 'pending'")),
    Index("ix_alerts_email", text("lower(email)"), "created_at"),
)

alert_matches = Table(
    "alert_matches",
    metadata,
    Column(
        "alert_id", UUID(as_uuid=True), ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False
    ),
    Column("posting_id", UUID(as_uuid=True), nullable=False),
    Column("matched_at", TS, nullable=False),
    Column("mail_id", BigInteger),
    PrimaryKeyConstraint("alert_id", "posting_id"),
    Index("ix_alert_matches_undigested", "alert_id", postgresql_where=text("mail_id IS NULL")),
)

alert_mails = Table(
    "alert_mails",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column(
        "alert_id", UUID(as_uuid=True), ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False
    ),
    Column("kind", String(16), nullable=False),
    Column("posting_id", UUID(as_uuid=True)),
    Column("status", String(16), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_attempt_at", TS, nullable=False, server_default=text("now()")),
    Column("created_at", TS, nullable=False, server_default=text("now()")),
    Column("claimed_at", TS),
    Column("sent_at", TS),
    Column("last_error", String(200)),
    CheckConstraint(
        "status IN ('pending', 'sending', 'sent', 'failed', 'dropped')", name="alert_mail_status"
    ),
    CheckConstraint("kind IN ('confirm', 'instant', 'digest')", name="alert_mail_kind"),
    Index(
        "ix_alert_mails_due",
        "next_attempt_at",
        "id",
        postgresql_where=text("status IN ('pending', 'sending')"),
    ),
)

alert_signing_key = Table(
    "alert_signing_key",
    metadata,
    Column("id", SmallInteger, primary_key=True),
    Column("key", Text, nullable=False),
    CheckConstraint("id = 1", name="one_signing_key"),
)


# Signed webhooks (migration 0016): the endpoints employers and admins registered (a
# board-wide one has no company), and one delivery per event and endpoint. The secret is
# kept sealed (Fernet), never in the clear. ``body`` is the exact JSON sent and signed, so
# every attempt sends the same bytes under the same webhook-id.
webhook_endpoints = Table(
    "webhook_endpoints",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("company_id", UUID(as_uuid=True), ForeignKey("companies.id", ondelete="CASCADE")),
    Column("url", Text, nullable=False),
    Column("event_types", ARRAY(String(32)), nullable=False),
    Column("description", Text, nullable=False),
    Column("sealed_secret", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("disabled_reason", Text),
    Column("disabled_at", TS),
    Column("created_at", TS, nullable=False),
    Column("secret_rotated_at", TS, nullable=False),
    Column("version", Integer, nullable=False),
    CheckConstraint("status IN ('active', 'disabled')", name="known_status"),
    Index("ix_webhook_endpoints_company_id", "company_id"),
)
webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column(
        "endpoint_id",
        UUID(as_uuid=True),
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("outbox_id", BigInteger, nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("event_type", String(32), nullable=False),
    # What deliveries are kept in order by: the posting (or company) the event is about.
    Column("subject", UUID(as_uuid=True), nullable=False),
    Column("body", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("created_at", TS, nullable=False),
    Column("next_attempt_at", TS),
    Column("first_attempt_at", TS),
    Column("last_attempt_at", TS),
    Column("last_status_code", Integer),
    Column("last_error", Text),
    Column("delivered_at", TS),
    CheckConstraint("status IN ('pending', 'delivered', 'failed')", name="known_status"),
    UniqueConstraint("endpoint_id", "outbox_id"),
    Index("ix_webhook_deliveries_log", "endpoint_id", "id"),
    Index(
        "ix_webhook_deliveries_due",
        "next_attempt_at",
        postgresql_where=text("status = 'pending'"),
    ),
    Index(
        "ix_webhook_deliveries_turn",
        "endpoint_id",
        "subject",
        "outbox_id",
        postgresql_where=text("status = 'pending'"),
    ),
)
