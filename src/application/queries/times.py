"""Times a query may be given: only those PostgreSQL can compare with."""

from __future__ import annotations

from datetime import UTC, datetime


def storable(moment: datetime) -> bool:
    """Whether this aware time lies where the board's times can (the far edges of the
    calendar overflow PostgreSQL's timestamps, or Python's on conversion to UTC)."""
    try:
        return 1970 <= moment.astimezone(UTC).year <= 9000
    except OverflowError:
        return False
