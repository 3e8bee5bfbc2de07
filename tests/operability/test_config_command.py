"""`jobboard config`: every setting's effective value, secrets masked."""

from __future__ import annotations

import json
import subprocess

from adapters.settings import Settings
from operability_support import JOBBOARD, server_environment


def test_config_prints_every_setting_with_every_secret_masked() -> None:
    env = server_environment(
        "postgresql://board:primary-secret@db.internal/jobboard",
        JOBBOARD_READ_DATABASE_URL="postgresql://reader:replica-secret@replica.internal/jobboard",
        JOBBOARD_OTLP_ENDPOINT="https://tracer:otlp-secret@collector.internal:4318/v1/traces",
        JOBBOARD_WORKERS="4",
        JOBBOARD_SHUTDOWN_GRACE_SECONDS="30",
    )

    shown = subprocess.run(
        [*JOBBOARD, "config"], env=env, capture_output=True, text=True, check=True
    ).stdout

    for secret in ("primary-secret", "replica-secret", "otlp-secret"):
        assert secret not in shown
    effective = json.loads(shown)
    assert set(effective) == set(Settings.model_fields) | {"database_in_use"}
    assert effective["read_database_url"] == "postgresql://reader:***@replica.internal/jobboard"
    assert effective["otlp_endpoint"] == "https://tracer:***@collector.internal:4318/v1/traces"
    assert effective["workers"] == 4
    assert effective["shutdown_grace_seconds"] == 30.0
    assert effective["metrics_enabled"] is True


def test_config_masks_secrets_given_as_query_parameters_of_any_url_setting() -> None:
    env = server_environment(
        "postgresql://board@db.internal/jobboard?password=primary-secret&sslmode=require"
        "&sslpassword=key-secret",
        JOBBOARD_READ_DATABASE_URL="postgresql://reader:replica-secret@replica.internal/jobboard"
        "?options=-c%20statement_timeout%3D5s&password=replica-query-secret",
        JOBBOARD_OTLP_ENDPOINT="https://tracer:otlp-secret@collector.internal:4318/v1/traces"
        "?api_key=otlp-key-secret&token=otlp-token-secret",
    )

    done = subprocess.run(
        [*JOBBOARD, "config"], env=env, capture_output=True, text=True, check=True
    )

    secrets = ("primary-secret", "key-secret", "replica-secret", "replica-query-secret")
    for secret in (*secrets, "otlp-secret", "otlp-key-secret", "otlp-token-secret"):
        assert secret not in done.stdout
        assert secret not in done.stderr
    effective = json.loads(done.stdout)
    assert effective["database_url"] == (
        "postgresql://board@db.internal/jobboard?password=***&sslmode=require&sslpassword=***"
    )
    assert effective["read_database_url"] == (
        "postgresql://reader:***@replica.internal/jobboard"
        "?options=-c%20statement_timeout%3D5s&password=***"
    )
    assert effective["otlp_endpoint"] == (
        "https://tracer:***@collector.internal:4318/v1/traces?api_key=***&token=***"
    )
    assert effective["database_in_use"].startswith("DATABASE_URL postgresql://board@db.internal/")
