"""Print what the schema fuzzing saw, so the figures in the README can be checked."""

from __future__ import annotations

from typing import Any

from fuzz_tally import TALLY


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if TALLY.statuses:
        terminalreporter.write_line(TALLY.summary())


# The HTTP fixtures the security tests share with the end-to-end ones.
from e2e.conftest import admin_headers, client, container  # noqa: E402, F401
