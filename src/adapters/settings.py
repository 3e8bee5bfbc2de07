"""Configuration from the environment (and a .env file), validated at start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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

    def masked(self) -> dict[str, Any]:
        """The effective settings with secrets hidden, for `jobboard config`."""
        shown = self.model_dump(mode="json")
        if self.database_url is not None:
            from sqlalchemy.engine import make_url

            shown["database_url"] = make_url(self.database_url.get_secret_value()).render_as_string(
                hide_password=True
            )
        return shown
