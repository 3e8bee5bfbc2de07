"""Figures the reliability and security tests measure, printed at the end of a test run
(docs/testing.md quotes them)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class FuzzTally:
    statuses: Counter[int] = field(default_factory=Counter)
    operations: set[str] = field(default_factory=set)
    server_errors: list[str] = field(default_factory=list)
    by_operation: dict[str, Counter[int]] = field(default_factory=dict)

    def record(self, operation: str, status: int) -> None:
        self.statuses[status] += 1
        self.operations.add(operation)
        self.by_operation.setdefault(operation, Counter())[status] += 1
        if status >= 500:
            self.server_errors.append(f"{operation} -> {status}")

    def summary(self) -> str:
        cases = sum(self.statuses.values())
        by_status = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (
            f"schemathesis: {cases} cases over {len(self.operations)} operations; "
            f"5xx: {len(self.server_errors)}; statuses {by_status}"
        )


TALLY = FuzzTally()
# name -> one line of figures, in the order the tests recorded them
FIGURES: dict[str, str] = {}


def report_lines() -> list[str]:
    lines = [TALLY.summary()] if TALLY.statuses else []
    return lines + [f"{name}: {line}" for name, line in FIGURES.items()]
