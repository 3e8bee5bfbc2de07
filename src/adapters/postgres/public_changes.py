"""The public board's change log, for aggregators that sync incrementally.

Triggers on public_postings write it, so every path that changes the read model (a
batch of events, a rebuild) is logged the same way, in the transaction that made
the change. Every writer of public_postings holds the projector's lock, so the log's
sequence numbers are in commit order: a reader that has seen number N has seen
every change numbered below it.

The log is compacted: it keeps one entry per posting, its latest (a posting that
changes again moves to the end). Read from the start, it is the whole public board;
read from a token, what changed since. Tombstones of postings that left the board
are kept for the retention window, then purged; the purge horizon says which
tokens are too old to resume from (they may have missed a purged tombstone).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# A posting's fields a client copies: an UPDATE that changes none of them (a batch
# touching a posting for an unrelated event) is not a change to report.
_SEEN = ("version", "summary", "description", "responsibilities", "benefits", "requirements")


def _columns(table: str) -> str:
    return ", ".join(f"{table}.{column}" for column in _SEEN)


# Why a posting left the board, from the write side at the time it left.
_REASON = """CASE
        WHEN p.id IS NULL THEN 'deleted'
        WHEN c.status = 'suspended' THEN 'company_suspended'
        WHEN p.status IN ('closed', 'expired', 'taken_down', 'in_review') THEN p.status
        ELSE 'withdrawn'
    END"""

TRIGGER_FUNCTIONS = {
    "jobboard_changes_inserted": (
        "INSERT",
        "NEW TABLE AS added",
        """
    DELETE FROM public_posting_changes ch USING added a WHERE ch.posting_id = a.id;
    INSERT INTO public_posting_changes (posting_id, change)
    SELECT a.id, 'published' FROM added a ORDER BY a.id;""",
    ),
    "jobboard_changes_updated": (
        "UPDATE",
        "OLD TABLE AS removed NEW TABLE AS added",
        f"""
    WITH changed AS (
        SELECT a.id FROM added a JOIN removed r ON r.id = a.id
        WHERE ({_columns("r")}) IS DISTINCT FROM ({_columns("a")})
    ), moved AS (
        DELETE FROM public_posting_changes ch USING changed m WHERE ch.posting_id = m.id
    )
    INSERT INTO public_posting_changes (posting_id, change)
    SELECT m.id, 'changed' FROM changed m ORDER BY m.id;""",
    ),
    "jobboard_changes_deleted": (
        "DELETE",
        "OLD TABLE AS removed",
        f"""
    DELETE FROM public_posting_changes ch USING removed r WHERE ch.posting_id = r.id;
    INSERT INTO public_posting_changes (posting_id, change, reason)
    SELECT r.id, 'removed', {_REASON}
    FROM removed r
    LEFT JOIN postings p ON p.id = r.id
    LEFT JOIN companies c ON c.id = p.company_id
    ORDER BY r.id;""",
    ),
}


def install_statements() -> list[str]:
    """DDL for the log's trigger functions and triggers (the migration keeps a copy)."""
    statements = []
    for name, (event, referencing, body) in TRIGGER_FUNCTIONS.items():
        statements.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN{body}\n"
            "    RETURN NULL;\nEND\n$$"
        )
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON public_postings"
            f" REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    return statements


def uninstall_statements() -> list[str]:
    statements = [f"DROP TRIGGER {name} ON public_postings" for name in TRIGGER_FUNCTIONS]
    return statements + [f"DROP FUNCTION {name}()" for name in TRIGGER_FUNCTIONS]


PURGE = """
WITH purged AS (
    DELETE FROM public_posting_changes
    WHERE change = 'removed' AND changed_at < now() - make_interval(days => :days)
    RETURNING seq
)
INSERT INTO public_changes_horizon AS h (id, purged_through)
SELECT true, max(seq) FROM purged HAVING max(seq) IS NOT NULL
ON CONFLICT (id) DO UPDATE SET purged_through = greatest(h.purged_through, EXCLUDED.purged_through)
"""


class PurgeTombstones:
    """The projector's upkeep: tombstones older than the retention window leave the log,
    and the horizon moves past them."""

    def __init__(self, retention_days: int) -> None:
        self._days = retention_days

    async def __call__(self, connection: AsyncConnection) -> None:
        await connection.execute(text(PURGE), {"days": self._days})
