"""URLs shown to people lose their passwords and secret query parameters, nothing else."""

from __future__ import annotations

import pytest

from adapters.url_masking import is_secret_parameter, mask_url


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://board:s3cret@db.internal:5432/jobs",
            "postgresql://board:***@db.internal:5432/jobs",
        ),
        (
            "postgresql://board@db.internal/jobs?password=s3cret&sslmode=require",
            "postgresql://board@db.internal/jobs?password=***&sslmode=require",
        ),
        (
            "postgresql://db/jobs?sslmode=verify-full&sslpassword=s3cret&sslkey=/etc/k.pem",
            "postgresql://db/jobs?sslmode=verify-full&sslpassword=***&sslkey=/etc/k.pem",
        ),
        (
            "https://collector:4318/v1/traces?api_key=s3cret&x-api-key=s3cret&region=eu",
            "https://collector:4318/v1/traces?api_key=***&x-api-key=***&region=eu",
        ),
        ("redis://:s3cret@cache:6379/0", "redis://:***@cache:6379/0"),
        (
            "https://t:s3cret@host/p?token=s3cret&client_secret=s3cret&X-Amz-Signature=s3cret",
            "https://t:***@host/p?token=***&client_secret=***&X-Amz-Signature=***",
        ),
        ("http://collector:4318/v1/traces", "http://collector:4318/v1/traces"),
    ],
)
def test_a_url_shows_without_its_secrets(url: str, shown: str) -> None:
    assert mask_url(url) == shown


@pytest.mark.parametrize(
    "name", ["password", "PASSWORD", "sslpassword", "api_key", "apikey", "token", "secret", "key"]
)
def test_secret_parameter_names_are_recognised(name: str) -> None:
    assert is_secret_parameter(name)


@pytest.mark.parametrize("name", ["sslmode", "sslkey", "sslrootcert", "application_name", "host"])
def test_ordinary_parameter_names_are_kept(name: str) -> None:
    assert not is_secret_parameter(name)
