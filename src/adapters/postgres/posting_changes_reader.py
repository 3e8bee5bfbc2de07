"""Reads the public board's change log (see public_changes)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.availability import translate_outages
from application.queries.posting_changes import LoggedChange, LogWindow

# The head never goes back: a purge may take the newest entry, not the tokens handed out.
WINDOW = """
SELECT coalesce((SELECT purged_through FROM public_changes_horizon), 0) AS horizon,
       greatest(coalesce((SELECT max(seq) FROM public_posting_changes), 0),
                coalesce((SELECT purged_through FROM public_changes_horizon), 0)) AS head
"""

# One statement, so an entry and the posting it names are read from one snapshot.
AFTER = """
SELECT ch.seq, ch.posting_id, ch.change, ch.changed_at, ch.reason, pp.summary
FROM public_posting_changes ch
LEFT JOIN public_postings pp ON pp.id = ch.posting_id AND ch.change <> 'removed'
WHERE ch.seq > :position
ORDER BY ch.seq
LIMIT :limit
"""


@translate_outages
class PostgresPostingChangeReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def window(self) -> LogWindow:
        async with self._engine.connect() as connection:
            row = (await connection.execute(text(WINDOW))).one()
        return LogWindow(row.horizon, row.head)

    async def after(self, position: int, limit: int) -> list[LoggedChange]:
        async with self._engine.connect() as connection:
            rows = (
                await connection.execute(text(AFTER), {"position": position, "limit": limit})
            ).all()
        return [LoggedChange(*row) for row in rows]
