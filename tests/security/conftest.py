"""The HTTP fixtures the security tests share with the end-to-end ones."""

from __future__ import annotations

from e2e.conftest import admin_headers, client, container  # noqa: F401
