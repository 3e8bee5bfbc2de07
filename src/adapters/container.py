"""The composition root: the one place that knows every concrete class.

App-wide objects (settings, engine, session factory, handlers) live here;
per-request objects come from Litestar dependencies. Tests override providers
(``container.clock.override(...)``) instead of patching modules.
"""

from __future__ import annotations

from datetime import timedelta

from dependency_injector import containers, providers
from pydantic import SecretStr

from adapters.lifecycle import Lifecycle
from adapters.nats.jetstream_publisher import JetStreamPublisher
from adapters.observability.engines import (
    observed_engine,
    public_read_settings,
    read_side_engine,
    read_side_url,
)
from adapters.observability.metrics import MailerMetrics, ProjectorMetrics, RelayMetrics
from adapters.observability.tracing import build_tracing, tracer_of
from adapters.observability.use_cases import instrumented
from adapters.observability.webhook_metrics import WebhookMetrics
from adapters.postgres import public_counts
from adapters.postgres.alert_mailer import AlertMailer
from adapters.postgres.alert_percolation import PostgresAlertSigningKey, PostgresPercolation
from adapters.postgres.audit_log import PostgresAuditReader
from adapters.postgres.board_directory_reader import PostgresBoardDirectoryReader
from adapters.postgres.company_board_reader import PostgresCompanyBoardReader
from adapters.postgres.database import asyncpg_dsn, connection_factory
from adapters.postgres.idempotency import PostgresIdempotencyStore
from adapters.postgres.migrate import upgrade_exclusively
from adapters.postgres.moderation_queue_reader import PostgresModerationQueueReader
from adapters.postgres.near_duplicate_index import PurgeSignatures
from adapters.postgres.outbox_relay import OutboxRelay
from adapters.postgres.posting_changes_reader import PostgresPostingChangeReader
from adapters.postgres.probe import DatabaseProbe
from adapters.postgres.projector import Projector
from adapters.postgres.public_changes import PurgeTombstones
from adapters.postgres.public_companies_projection import PublicCompaniesProjection
from adapters.postgres.public_posting_reader import PostgresPublicPostingReader
from adapters.postgres.public_postings_projection import PublicPostingsProjection
from adapters.postgres.public_requirements_projection import PublicRequirementsProjection
from adapters.postgres.read_model_maintenance import PostgresReadModelMaintenance
from adapters.postgres.read_pool import ReadPool
from adapters.postgres.sitemap_reader import PostgresSitemapReader
from adapters.postgres.unit_of_work import PostgresUnitOfWork
from adapters.postgres.webhook_store import PostgresWebhookReader, PostgresWebhookUnitOfWork
from adapters.postgres.webhook_worker import WebhookWorker
from adapters.rate_limit_storage import RateLimitStorage
from adapters.reporter_hashes import HmacReporterHashes
from adapters.settings import Settings
from adapters.smtp.aiosmtplib_sender import smtp_sender
from adapters.system import Sha256KeySecrets, SystemClock, Uuid7Generator
from adapters.webhooks.resolver import SystemResolver
from adapters.webhooks.secrets import FernetWebhookSecrets
from adapters.webhooks.sender import HttpSender
from application.alerts.catalogue import wire_alerts
from application.alerts.commands import ExpireUnconfirmedAlertsHandler
from application.alerts.matching import MatchPublishedPosting
from application.catalogue import Ports, wire
from application.commands.moderation import Moderation
from application.duplicates import DuplicatePolicy
from application.webhooks.address_guard import AddressGuard
from application.webhooks.catalogue import WebhookPorts, wire_webhooks
from domain.moderation import ModerationPolicy
from domain.webhook_delivery import RetryPolicy


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


def seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def secret_or_none(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def days(value: int) -> timedelta:
    return timedelta(days=value)


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    database_url = providers.Dependency(instance_of=str)  # resolved: configured or embedded

    # Operability: tracing (None when off), watched engines, the read side's (replica) engine.
    tracing = providers.Singleton(
        build_tracing, settings.provided.otlp_endpoint, settings.provided.service_name
    )
    tracer = providers.Singleton(tracer_of, tracing)
    lifecycle = providers.Singleton(Lifecycle)
    # Where the write rate limits count: Redis (shared by every process) or this process.
    rate_limit_storage = providers.Singleton(RateLimitStorage.from_settings, settings)
    # Migrating the schema to the newest revision, one process at a time.
    migrate = providers.Object(upgrade_exclusively)

    engine = providers.Singleton(observed_engine, database_url, settings, tracer)
    read_engine = providers.Singleton(read_side_engine, settings, database_url, tracer)
    connections = providers.Singleton(connection_factory, engine)
    # The projector's own connection: in the API process it never queues for a connection
    # behind the requests, so a burst of writes cannot hold the read models back. It is not
    # checked before each batch: a batch on a lost connection fails, and is run again. Its
    # commits do not wait for the WAL to reach the disk: a batch lost in a crash takes its
    # outbox marks with it, so its events are projected again (the read models are derived
    # data), and the wait (10-20 ms a commit seen under load here) was part of the lag.
    # No JIT: its statements touch a batch's rows by key, and a plan estimated past the JIT
    # threshold spent about 12 ms compiling for a statement that runs in well under one.
    projector_engine = providers.Singleton(
        observed_engine,
        database_url,
        settings,
        tracer,
        pool="projector",
        pool_size=1,
        check_connections=False,
        server_settings={"synchronous_commit": "off", "jit": "off"},
    )
    # The query side's hot reads skip the engine (see adapters.postgres.read_pool); they go
    # to the replica when one is configured, as the read engine's do.
    read_pool = providers.Singleton(
        ReadPool,
        providers.Callable(asyncpg_dsn, providers.Callable(read_side_url, settings, database_url)),
        max_size=settings.provided.db_pool_size,
        connect_timeout=settings.provided.db_connect_timeout,
        command_timeout=settings.provided.db_command_timeout,
        acquire_timeout=settings.provided.db_pool_timeout,
        server_settings=providers.Callable(public_read_settings, settings),
    )

    # Readiness asks on a connection of its own, never queued behind the requests.
    probe = providers.Singleton(DatabaseProbe, providers.Callable(asyncpg_dsn, database_url))

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(Uuid7Generator)
    secrets = providers.Singleton(Sha256KeySecrets)

    # A new unit of work per command: handlers get the factory, never an instance.
    unit_of_work = providers.Factory(PostgresUnitOfWork, connections)
    uow = unit_of_work.provider

    public_postings = providers.Singleton(
        PostgresPublicPostingReader,
        read_engine,
        read_pool,
        counts_at_once=settings.provided.facet_counts_at_once,
    )
    directory = providers.Singleton(PostgresBoardDirectoryReader, read_engine)
    sitemap = providers.Singleton(PostgresSitemapReader, read_engine)
    changes = providers.Singleton(PostgresPostingChangeReader, read_engine)
    company_boards = providers.Singleton(PostgresCompanyBoardReader, read_engine)
    idempotency = providers.Singleton(
        PostgresIdempotencyStore,
        engine,
        keep=providers.Callable(hours, settings.provided.idempotency_keep_hours),
        abandon_after=providers.Callable(seconds, settings.provided.idempotency_abandon_seconds),
    )
    read_models = providers.Singleton(PostgresReadModelMaintenance, engine)
    audit_log = providers.Singleton(PostgresAuditReader, engine)

    projector = providers.Singleton(
        Projector,
        projector_engine,
        projections=providers.List(
            providers.Singleton(PublicPostingsProjection),
            providers.Singleton(PublicCompaniesProjection),
            providers.Singleton(PublicRequirementsProjection),
        ),
        listen_dsn=providers.Callable(asyncpg_dsn, database_url),
        poll_interval=settings.provided.projector_poll_seconds,
        batch_size=settings.provided.projector_batch_size,
        upkeep=providers.List(
            providers.Object(public_counts.sweep),
            providers.Singleton(PurgeTombstones, settings.provided.changes_retention_days),
            # Near-duplicates: signatures past the repost window.
            providers.Singleton(PurgeSignatures, settings.provided.repost_window_days),
        ),
        observer=providers.Singleton(ProjectorMetrics),
    )

    # The relay of the outbox to NATS JetStream (used only when nats_url is set), on a
    # connection of its own as the projector is. A Kafka adapter of the same port would be
    # chosen here by a setting.
    relay_engine = providers.Singleton(
        observed_engine,
        database_url,
        settings,
        tracer,
        pool="relay",
        pool_size=1,
        check_connections=False,
        server_settings={"jit": "off"},
    )
    event_publisher = providers.Singleton(
        JetStreamPublisher,
        url=settings.provided.nats_url,
        stream=settings.provided.nats_stream,
        subject_prefix=settings.provided.nats_subject_prefix,
        ack_timeout=settings.provided.nats_ack_timeout_seconds,
    )
    relay = providers.Singleton(
        OutboxRelay,
        relay_engine,
        event_publisher,
        base_url=settings.provided.public_base_url,
        listen_dsn=providers.Callable(asyncpg_dsn, database_url),
        batch_size=settings.provided.relay_batch_size,
        poll_interval=settings.provided.relay_poll_seconds,
        observer=providers.Singleton(RelayMetrics),
    )

    # Moderation: the screens a publish passes beside the policy (the duplicate check adds
    # its own here), reporters' keyed hashes, the queue's reader.
    publish_screens = providers.Object(())
    reporter_hashes = providers.Singleton(
        HmacReporterHashes, providers.Callable(secret_or_none, settings.provided.reporter_hash_key)
    )
    moderation_queue = providers.Singleton(PostgresModerationQueueReader, engine)

    # Every use case, built by the catalogue over the real adapters, then instrumented.
    use_cases = providers.Singleton(
        wire,
        providers.Factory(
            Ports,
            uow=uow,
            clock=clock,
            ids=ids,
            secrets=secrets,
            public_postings=public_postings,
            directory=directory,
            read_models=read_models,
            sitemap=sitemap,
            changes=changes,
            company_boards=company_boards,
            audit_log=audit_log,
            max_api_keys_per_company=settings.provided.max_api_keys_per_company,
            sitemap_page_size=settings.provided.sitemap_page_size,
            public_base_url=settings.provided.public_base_url,
            application_retention_days=settings.provided.application_retention_days,
            # Moderation: the policy from the settings, with the publish screens.
            moderation=providers.Factory(
                Moderation,
                providers.Factory(
                    ModerationPolicy,
                    first_postings=settings.provided.moderation_first_postings,
                    new_company_days=settings.provided.moderation_new_company_days,
                    report_threshold=settings.provided.moderation_report_threshold,
                ),
                publish_screens,
            ),
            reporter_hashes=reporter_hashes,
            moderation_queue=moderation_queue,
            # Near-duplicates and reposts at publish.
            duplicates=providers.Factory(
                DuplicatePolicy,
                threshold=settings.provided.duplicate_threshold,
                repost_window=providers.Callable(days, settings.provided.repost_window_days),
            ),
            # posting facts (issue 20 item 2)
            pay_transparency_policy=settings.provided.pay_policy,
        ),
    )
    application = providers.Singleton(
        instrumented, use_cases, tracer, settings.provided.metrics_enabled
    )

    # Job alerts (issue 20 item 3): their use cases, percolation, and the mailer that
    # sends their mail over SMTP from the outbox (used only when smtp_host is set).
    percolation = providers.Singleton(PostgresPercolation, engine)
    alert_signing_key = providers.Singleton(PostgresAlertSigningKey, engine)
    alerts = providers.Singleton(wire_alerts, uow, clock, ids, alert_signing_key, percolation)
    mailer_engine = providers.Singleton(
        observed_engine,
        database_url,
        settings,
        tracer,
        pool="mailer",
        pool_size=3,
        check_connections=False,
        server_settings={"jit": "off"},
    )
    mailer_percolation = providers.Singleton(PostgresPercolation, mailer_engine)
    mailer = providers.Singleton(
        AlertMailer,
        mailer_engine,
        providers.Singleton(smtp_sender, settings),
        providers.Singleton(
            MatchPublishedPosting, mailer_percolation, mailer_percolation, mailer_percolation
        ),
        providers.Singleton(ExpireUnconfirmedAlertsHandler, uow, clock),
        alert_signing_key,
        clock,
        base_url=settings.provided.public_base_url,
        listen_dsn=providers.Callable(asyncpg_dsn, database_url),
        poll_interval=settings.provided.mailer_poll_seconds,
        max_attempts=settings.provided.mailer_max_attempts,
        backoff_seconds=settings.provided.mailer_backoff_seconds,
        observer=providers.Singleton(MailerMetrics),
    )
    # Signed webhooks (decision 019): their use cases over a unit of work and reader of
    # their own, the SSRF guard, the sealed secrets; the worker on an engine of its own.
    webhook_secrets = providers.Singleton(
        FernetWebhookSecrets,
        providers.Callable(secret_or_none, settings.provided.webhook_secret_key),
    )
    webhook_guard = providers.Singleton(
        AddressGuard, providers.Singleton(SystemResolver), settings.provided.webhook_allowed_hosts
    )
    webhook_unit_of_work = providers.Factory(PostgresWebhookUnitOfWork, engine)
    webhooks = providers.Singleton(
        wire_webhooks,
        providers.Factory(
            WebhookPorts,
            uow=webhook_unit_of_work.provider,
            reader=providers.Singleton(PostgresWebhookReader, engine),
            clock=clock,
            ids=ids,
            secrets=webhook_secrets,
            guard=webhook_guard,
        ),
    )
    webhook_engine = providers.Singleton(
        observed_engine,
        database_url,
        settings,
        tracer,
        pool="webhooks",
        pool_size=2,
        check_connections=False,
        server_settings={"jit": "off"},
    )
    webhook_worker = providers.Singleton(
        WebhookWorker,
        webhook_engine,
        webhook_secrets,
        providers.Singleton(
            HttpSender,
            settings.provided.webhook_timeout_seconds,
            settings.provided.webhook_allowed_hosts,
        ),
        ids,
        policy=providers.Singleton(
            RetryPolicy,
            base_seconds=settings.provided.webhook_retry_base_seconds,
            cap_seconds=settings.provided.webhook_retry_cap_seconds,
            give_up_after=providers.Callable(hours, settings.provided.webhook_give_up_hours),
        ),
        listen_dsn=providers.Callable(asyncpg_dsn, database_url),
        batch_size=settings.provided.webhook_batch_size,
        poll_interval=settings.provided.webhook_poll_seconds,
        lease_seconds=settings.provided.webhook_lease_seconds,
        observer=providers.Singleton(WebhookMetrics),
    )


async def release(container: Container) -> None:
    """Close what the container opened: the read pool, the engines' connections, tracing."""
    await container.read_pool().close()
    await container.probe().close()
    await container.engine().dispose()
    await container.read_engine().dispose()
    await container.projector_engine().dispose()
    await container.rate_limit_storage().close()
    await container.relay_engine().dispose()
    await container.mailer_engine().dispose()
    await container.webhook_engine().dispose()
    if (tracing := container.tracing()) is not None:
        tracing.close()
