"""Counts of the fuzzed requests and their statuses, printed at the end of a test run."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    operations: set[str] = field(default_factory=set)
    server_errors: list[str] = field(default_factory=list)

    def record(self, operation: str, status: int) -> None:
        self.statuses[status] += 1
        self.operations.add(operation)
        if status >= 500:
            self.server_errors.append(f"{operation} -> {status}")

    def summary(self) -> str:
        cases = sum(self.statuses.values())
        by_status = ", ".join(f"{s}: {n}" for s, n in sorted(self.statuses.items()))
        return (
            f"schemathesis: {cases} cases over {len(self.operations)} operations; "
            f"5xx: {len(self.server_errors)}; statuses {by_status}"
        )


TALLY = Tally()
