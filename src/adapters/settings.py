"""Configuration from the environment (and a .env file), validated at start."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from adapters.url_masking import looks_like_url, mask_url
from application.catalogue import DEFAULT_RETENTION_DAYS
from application.queries.public_sitemap import MAX_SITEMAP_ENTRIES
from domain.api_key import DEFAULT_MAX_LIVE_KEYS
from domain.errors import DomainError
from domain.pay_transparency import PayTransparencyPolicy


class Settings(BaseSettings):
    # Every setting is JOBBOARD_<NAME> in the environment, bar DATABASE_URL and
    # PROMETHEUS_MULTIPROC_DIR, which keep their conventional names; in code it is its field
    # name: Settings(run_projector=False). A bare HOST or PORT in the environment is ignored.
    model_config = SettingsConfigDict(env_file=".env", env_prefix="JOBBOARD_", extra="ignore")

    database_url: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("database_url"),
        description="postgresql:// or postgresql+asyncpg:// URL; unset: an embedded PostgreSQL",
    )
    data_dir: Path | None = Field(
        default=None,
        description="where the embedded PostgreSQL keeps its data; unset: .jobboard in the "
        "jobboard checkout the command runs in (or is installed from), else "
        "$XDG_DATA_HOME/jobboard (~/.local/share/jobboard)",
    )
    host: str = Field(default="127.0.0.1")
    port: int = Field(default=8000)
    db_pool_size: int = Field(default=10, ge=1)
    run_projector: bool = Field(
        default=True,
        description="run the projector inside the API process",
    )
    projector_poll_seconds: float = Field(default=2.0, gt=0)
    projector_nice: int | None = Field(
        default=None,
        ge=-20,
        le=19,
        description="the nice value the projector process takes (`jobboard projector`, and "
        "serve --workers' projector); below the API workers' it gets the CPU first when "
        "requests keep the cores busy, so the read models keep up (a value below the "
        "current one needs root or CAP_SYS_NICE); unset: as started",
    )
    projector_batch_size: int = Field(
        default=1000,
        ge=1,
        le=100_000,
        description="outbox events per projector transaction (several events of one posting "
        "cost one refresh)",
    )
    log_level: str = Field(default="INFO")

    # Integration events: the outbox relayed to NATS JetStream (decision 016).
    nats_url: str | None = Field(
        default=None,
        description="NATS server URL, e.g. nats://127.0.0.1:4222; set, `serve` runs the relay "
        "that publishes every outbox event to JetStream (`jobboard relay` runs it alone); "
        "unset: no relay",
    )
    nats_stream: str = Field(
        default="JOBBOARD",
        pattern=r"^[A-Za-z0-9_-]+$",
        description="the JetStream stream the relay publishes to (made if missing, on the "
        "subjects <nats_subject_prefix>.>)",
    )
    nats_subject_prefix: str = Field(
        default="jobboard",
        pattern=r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$",
        description="the subjects' first tokens: events go to <prefix>.posting.published etc.",
    )
    nats_ack_timeout_seconds: float = Field(
        default=5.0,
        gt=0,
        description="seconds the relay waits for JetStream to acknowledge a batch; what is "
        "not acknowledged by then is sent again in the next batch",
    )
    run_relay: bool = Field(
        default=True,
        description="with nats_url set, run the relay inside `serve` (off: run `jobboard "
        "relay` elsewhere)",
    )
    relay_batch_size: int = Field(
        default=500,
        ge=1,
        le=10_000,
        description="outbox events the relay publishes per transaction",
    )
    relay_poll_seconds: float = Field(
        default=2.0,
        gt=0,
        description="seconds between the relay's looks at the outbox when no NOTIFY wakes it "
        "(and its wait after a failed batch)",
    )

    # Reliability and abuse limits: request size, database timeouts, rate limits, CORS.
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    db_connect_timeout: float = Field(
        default=3.0,
        gt=0,
        description="seconds to open a database connection before answering 503",
    )
    db_command_timeout: float = Field(
        default=30.0,
        gt=0,
        description="seconds one statement may take before answering 503",
    )
    db_pool_timeout: float = Field(
        default=3.0,
        gt=0,
        description="seconds to wait for a free pooled connection before answering 503",
    )
    public_statement_timeout_seconds: float = Field(
        default=5.0,
        gt=0,
        description="seconds one statement of a public read may run; past it the request "
        "answers 503 too-busy (an anonymous search cannot hold a connection for long)",
    )
    facet_counts_at_once: int = Field(
        default=2,
        ge=1,
        description="facet counts over a search's matches one process runs at once; a "
        "faceted search past them answers 503 too-busy with Retry-After at once, so "
        "expensive reads cannot queue up and slow every other request",
    )
    idempotency_keep_hours: float = Field(
        default=24.0,
        gt=0,
        description="hours the answer to an Idempotency-Key is kept (then purged)",
    )
    idempotency_abandon_seconds: float = Field(
        default=60.0,
        gt=0,
        description="seconds after which a create that never answered (its process died) "
        "frees its Idempotency-Key for a retry",
    )
    rate_limit_enabled: bool = Field(default=True)
    rate_limit_window_seconds: float = Field(default=60.0, gt=0)
    rate_limit_writes_per_key: int = Field(
        default=300,
        ge=1,
        description="writes (POST, PATCH, DELETE) one API key may make per window",
    )
    rate_limit_writes_per_address: int = Field(
        default=1200,
        ge=1,
        description="writes one client address may make per window, whatever the key",
    )
    rate_limit_signups_per_address: int = Field(
        default=30,
        ge=1,
        description="sign-ups (POST /v1/companies) one client address may make per window",
    )
    rate_limit_applications_per_address: int = Field(
        default=10,
        ge=1,
        description="applications (POST /v1/postings/{id}/applications) one client address "
        "may send per window, to any postings",
    )
    rate_limit_applications_per_posting: int = Field(
        default=300,
        ge=1,
        description="applications one posting may receive per window, from any addresses",
    )
    application_retention_days: int = Field(
        default=DEFAULT_RETENTION_DAYS,
        ge=1,
        le=3650,
        description="days the board keeps an application and its resume; candidates consent "
        "to it on applying",
    )
    max_api_keys_per_company: int = Field(
        default=DEFAULT_MAX_LIVE_KEYS,
        ge=1,
        description="live employer API keys one company may hold; one more answers 409",
    )
    rate_limit_key_prefix: str = Field(
        default="jobboard",
        min_length=1,
        description="prefix of the rate limits' keys in Redis (boards sharing one Redis "
        "share a budget only under the same prefix)",
    )
    redis_url: SecretStr | None = Field(
        default=None,
        description="redis:// or rediss:// URL of the Redis the rate limits count in, shared "
        "by every worker and machine; unset: each process counts in its own memory (with "
        "--workers N every limit is then N times as high)",
    )
    redis_timeout_seconds: float = Field(
        default=0.5,
        gt=0,
        description="seconds to connect to or hear from Redis; past it a write is served "
        "without its rate limit (fail open), with a warning and a counter in /metrics",
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="comma list of addresses or CIDR networks of the reverse proxies whose "
        "Forwarded / X-Forwarded-For headers name the client; from any other peer those "
        "headers are ignored; unset: trust none",
    )
    trusted_proxy_header: Literal["x-forwarded-for", "forwarded"] = Field(
        default="x-forwarded-for",
        description="the one header the trusted proxies write the client into "
        "(x-forwarded-for or forwarded); the other is ignored, since a proxy passes it on "
        "from the client untouched",
    )
    http_keep_alive_seconds: float = Field(
        default=5.0,
        gt=0,
        description="seconds an idle keep-alive connection stays open between requests",
    )
    http_header_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="seconds a client has to send a request's line and headers once it "
        "starts one (or connects); a slower one is disconnected",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="comma list of origins (or *) allowed to read the public routes",
    )

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _comma_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        import ipaddress

        networks = []
        for entry in value:
            try:
                networks.append(str(ipaddress.ip_network(entry.strip(), strict=False)))
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or CIDR network") from None
        return networks

    @field_validator("redis_url")
    @classmethod
    def _redis_address(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith(("redis://", "rediss://")):
            raise ValueError("must be a redis:// or rediss:// URL")
        return value

    # Public links: what the board's documents point people at. Never taken from a request's
    # Host header, which any client can forge.
    public_base_url: str = Field(
        default="http://localhost:8000",
        description="the board's public address, http(s)://host[:port][/prefix], for links "
        "in public documents (JSON-LD url)",
    )
    posting_path: str = Field(
        default="/jobs/{id}",
        description="the path of a posting's page for people, under public_base_url; "
        "{id} stands for the posting's id",
    )
    sitemap_page_size: int = Field(
        default=MAX_SITEMAP_ENTRIES,
        ge=1,
        le=MAX_SITEMAP_ENTRIES,
        description="postings one sitemap file lists; more make /sitemap.xml an index of pages",
    )
    changes_retention_days: int = Field(
        default=30,
        ge=1,
        description="days the change log keeps a removed posting's tombstone; a sync token"
        " older than that answers 410 (copy the board afresh)",
    )
    feed_size: int = Field(
        default=50,
        ge=1,
        le=100,
        description="postings an Atom or RSS feed holds when the request names no limit",
    )

    @field_validator("public_base_url")
    @classmethod
    def _public_address(cls, value: str) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL with a host, e.g. https://jobs.example")
        if parts.query or parts.fragment or parts.username is not None:
            raise ValueError("must have no query, fragment or credentials")
        return value.strip().rstrip("/")

    @field_validator("posting_path")
    @classmethod
    def _posting_page(cls, value: str) -> str:
        if not value.startswith("/") or "{id}" not in value:
            raise ValueError("must start with / and hold {id}, e.g. /jobs/{id}")
        return value

    # Operability: logs, metrics, tracing, lifecycle, workers, the read replica.
    log_format: Literal["auto", "json", "console"] = Field(
        default="auto",
        description="auto: human-readable on a terminal, JSON lines otherwise",
    )
    access_log: bool = Field(default=True)
    metrics_enabled: bool = Field(default=True, description="serve /metrics and record them")
    prometheus_multiproc_dir: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("prometheus_multiproc_dir"),
        description="shared metrics directory of several workers (serve --workers makes one)",
    )
    otlp_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP traces URL, e.g. http://collector:4318/v1/traces; unset: no tracing",
    )
    service_name: str = Field(default="jobboard")
    # Near-duplicates and reposts (issue 22, item 3; docs/decisions/021-near-duplicates.md)
    duplicate_threshold: float = Field(
        default=0.8,
        ge=0.7,
        le=1.0,
        description="the estimated Jaccard similarity of two ads' word shingles at which a "
        "publish is a repost (same company: 409) or a possible clone (another company: "
        "flagged); below 0.7 the LSH bands miss too many pairs to honour it",
    )
    repost_window_days: int = Field(
        default=30,
        ge=0,
        le=3650,
        description="days after a posting leaves the board during which its company may not "
        "publish the same ad again; its signature is kept that long",
    )
    read_database_url: SecretStr | None = Field(
        default=None,
        description="a read replica for the query side; unset: the primary",
    )
    workers: int = Field(default=1, ge=1)
    migrate_on_start: bool = Field(default=True)
    shutdown_grace_seconds: float = Field(default=20.0, gt=0)
    shutdown_delay_seconds: float = Field(default=0.0, ge=0)

    # Moderation and reports (decision 020).
    moderation_first_postings: int = Field(
        default=1,
        ge=0,
        description="a new company's first N postings wait for an admin's review",
    )
    moderation_new_company_days: int = Field(
        default=14,
        ge=0,
        description="a company verified less than this many days ago is new (0: none is)",
    )
    moderation_report_threshold: int = Field(
        default=3,
        ge=1,
        description="open reports that send a public posting back to review",
    )
    rate_limit_reports_per_address: int = Field(
        default=10,
        ge=1,
        description="reports of postings an address may send per rate-limit window",
    )
    reporter_hash_key: SecretStr | None = Field(
        default=None,
        description="the HMAC key reporters' addresses are hashed with (set it in "
        "production, the same in every process); unset: a random key per process",
    )

    # Pay transparency (issue 20 item 2): per rule, warn (publish and list what is missing)
    # or block (409). Rules: CO, CA, WA, NYC, EU (domain/pay_transparency.py).
    pay_transparency_policy: str = Field(
        default="",
        description="RULE=warn|block pairs, comma separated, e.g. CO=block,NYC=warn; a rule "
        "not named warns",
    )

    @field_validator("pay_transparency_policy")
    @classmethod
    def _pay_policy(cls, value: str) -> str:
        try:
            PayTransparencyPolicy.parse(value)
        except DomainError as error:
            raise ValueError(error.message) from None
        return value

    @property
    def pay_policy(self) -> PayTransparencyPolicy:
        return PayTransparencyPolicy.parse(self.pay_transparency_policy)

    # Job alerts (issue 20 item 3): the SMTP server alert mail goes out through, and the
    # mailer that sends it (`jobboard mailer`; `serve` runs it when smtp_host is set).
    smtp_host: str | None = Field(
        default=None,
        description="the SMTP server alert mail goes out through; unset: no mailer (alerts "
        "are still taken, and mailed once it is set)",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = Field(default=None)
    smtp_password: SecretStr | None = Field(default=None)
    smtp_security: Literal["starttls", "tls", "none"] = Field(
        default="starttls",
        description="starttls (upgrade on the submission port), tls (implicit TLS, port 465) "
        "or none (a local relay only)",
    )
    smtp_from: str = Field(
        default="jobboard <alerts@localhost>", description="the From of alert mail"
    )
    run_mailer: bool = Field(
        default=True, description="run the alert mailer inside serve when smtp_host is set"
    )
    mailer_poll_seconds: float = Field(default=2.0, gt=0)
    mailer_max_attempts: int = Field(default=8, ge=1)
    mailer_backoff_seconds: float = Field(
        default=30.0, gt=0, description="the first retry's delay; each next one doubles it"
    )

    # Signed webhooks (decision 019).
    webhook_secret_key: SecretStr | None = Field(
        default=None,
        description="Fernet key(s) sealing the webhook signing secrets, comma-separated, "
        "newest first (`jobboard webhooks --new-key` makes one); unset: endpoints cannot be "
        "registered (503) nor deliveries signed",
    )
    webhook_allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="comma list of hosts exempt from the SSRF guard and allowed plain http "
        "(e.g. 127.0.0.1 for a test receiver); unset: none",
    )
    run_webhooks: bool = Field(
        default=False,
        description="run the webhook worker inside `serve` (off: run `jobboard webhooks`)",
    )
    webhook_batch_size: int = Field(
        default=100, ge=1, le=1000, description="deliveries one round sends at once"
    )
    webhook_poll_seconds: float = Field(
        default=1.0,
        gt=0,
        description="seconds between the worker's looks for new events and due retries",
    )
    webhook_timeout_seconds: float = Field(
        default=10.0, gt=0, description="seconds a receiver has to answer a delivery"
    )
    webhook_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="seconds a claimed delivery is held before another round may send it "
        "again (a worker killed mid-send); above the timeout",
    )
    webhook_retry_base_seconds: float = Field(
        default=5.0, gt=0, description="the first retry's delay, doubled each attempt"
    )
    webhook_retry_cap_seconds: float = Field(
        default=3600.0, gt=0, description="the longest delay between two attempts"
    )
    webhook_give_up_hours: float = Field(
        default=24.0,
        gt=0,
        description="hours of failures after which a delivery is given up and its endpoint "
        "disabled",
    )

    @field_validator("webhook_allowed_hosts", mode="before")
    @classmethod
    def _host_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [host.strip().lower() for host in value.split(",") if host.strip()]
        return value

    def masked(self) -> dict[str, Any]:
        """The effective settings with secrets hidden, for `jobboard config`.

        Every URL among them (a secret one such as DATABASE_URL, or a plain one such as the
        OTLP endpoint, a setting added later included) shows without its password and its
        secret query parameters; any other secret shows as asterisks."""
        shown = self.model_dump(mode="json")
        for name in shown:
            shown[name] = _masked_value(getattr(self, name), shown[name])
        return shown


def _masked_value(value: Any, dumped: Any) -> Any:
    if isinstance(value, SecretStr):
        secret = value.get_secret_value()
        return mask_url(secret) if looks_like_url(secret) else dumped
    if isinstance(value, str) and looks_like_url(value):
        return mask_url(value)
    if isinstance(value, list | tuple) and isinstance(dumped, list):
        return [_masked_value(item, shown) for item, shown in zip(value, dumped, strict=True)]
    return dumped
