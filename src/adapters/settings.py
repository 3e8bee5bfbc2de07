"""Configuration from the environment (and a .env file), validated at start."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: SecretStr | None = Field(
        default=None,
        description="postgresql:// or postgresql+asyncpg:// URL; unset: an embedded PostgreSQL",
    )
    data_dir: Path = Field(
        default=Path(".jobboard"),
        validation_alias="JOBBOARD_DATA_DIR",
        description="where the embedded PostgreSQL keeps its data",
    )
    host: str = Field(default="127.0.0.1", validation_alias="JOBBOARD_HOST")
    port: int = Field(default=8000, validation_alias="JOBBOARD_PORT")
    db_pool_size: int = Field(default=10, ge=1, validation_alias="JOBBOARD_DB_POOL_SIZE")
    run_projector: bool = Field(
        default=True,
        validation_alias="JOBBOARD_RUN_PROJECTOR",
        description="run the projector inside the API process",
    )
    projector_poll_seconds: float = Field(
        default=2.0, gt=0, validation_alias="JOBBOARD_PROJECTOR_POLL_SECONDS"
    )
    log_level: str = Field(default="INFO", validation_alias="JOBBOARD_LOG_LEVEL")

    # Operability: logs, metrics, tracing, lifecycle, workers, the read replica.
    log_format: Literal["auto", "json", "console"] = Field(
        default="auto",
        validation_alias="JOBBOARD_LOG_FORMAT",
        description="auto: human-readable on a terminal, JSON lines otherwise",
    )
    access_log: bool = Field(default=True, validation_alias="JOBBOARD_ACCESS_LOG")
    metrics_enabled: bool = Field(default=True, validation_alias="JOBBOARD_METRICS")
    prometheus_multiproc_dir: Path | None = Field(
        default=None,
        validation_alias="PROMETHEUS_MULTIPROC_DIR",
        description="shared metrics directory of several workers (serve --workers makes one)",
    )
    otlp_endpoint: str | None = Field(
        default=None,
        validation_alias="JOBBOARD_OTLP_ENDPOINT",
        description="OTLP/HTTP traces URL, e.g. http://collector:4318/v1/traces; unset: no tracing",
    )
    service_name: str = Field(default="jobboard", validation_alias="JOBBOARD_SERVICE_NAME")
    read_database_url: SecretStr | None = Field(
        default=None,
        validation_alias="JOBBOARD_READ_DATABASE_URL",
        description="a read replica for the query side; unset: the primary",
    )
    workers: int = Field(default=1, ge=1, validation_alias="JOBBOARD_WORKERS")
    migrate_on_start: bool = Field(default=True, validation_alias="JOBBOARD_MIGRATE_ON_START")
    shutdown_grace_seconds: float = Field(
        default=20.0, gt=0, validation_alias="JOBBOARD_SHUTDOWN_GRACE_SECONDS"
    )
    shutdown_delay_seconds: float = Field(
        default=0.0, ge=0, validation_alias="JOBBOARD_SHUTDOWN_DELAY_SECONDS"
    )

    def masked(self) -> dict[str, Any]:
        """The effective settings with secrets hidden, for `jobboard config`."""
        shown = self.model_dump(mode="json")
        if self.database_url is not None:
            from sqlalchemy.engine import make_url

            shown["database_url"] = make_url(self.database_url.get_secret_value()).render_as_string(
                hide_password=True
            )
        if self.read_database_url is not None:
            from sqlalchemy.engine import make_url

            shown["read_database_url"] = make_url(
                self.read_database_url.get_secret_value()
            ).render_as_string(hide_password=True)
        if self.otlp_endpoint is not None:
            from urllib.parse import urlsplit, urlunsplit

            parts = urlsplit(self.otlp_endpoint)
            if parts.password is not None:
                netloc = f"{parts.username}:***@{parts.hostname}" + (
                    f":{parts.port}" if parts.port else ""
                )
                shown["otlp_endpoint"] = urlunsplit(parts._replace(netloc=netloc))
        return shown
