"""Incremental sync: what changed on the public board since a client last asked.

The board keeps a change log (one entry per posting, its latest, in commit order) and
hands out tokens that say how far a client has read it. Read from no token, the log
is the whole public board; from a token, every posting that became public, changed
or left since, those that left as tombstones. Tombstones are kept for a retention
window; a token older than that has missed some and must start over.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.errors import InvalidParameter, ResyncRequired

MAX_CHANGES_PAGE = 1000
_TOKEN = re.compile(r"c1:(0|[1-9][0-9]{0,18})")


def encode_token(position: int) -> str:
    return base64.urlsafe_b64encode(f"c1:{position}".encode()).decode().rstrip("=")


def decode_token(token: str) -> int:
    """The log position a token names; InvalidParameter naming ``since`` if it is not one
    this board hands out."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    found = _TOKEN.fullmatch(raw)
    if found is None:
        raise InvalidParameter("since is not a token this board handed out", field="since")
    return int(found.group(1))


@dataclass(frozen=True, slots=True)
class LoggedChange:
    """One entry of the log: ``summary_json`` is the posting as a search lists it (None for
    a removal, which has a ``reason`` instead)."""

    position: int
    posting_id: UUID
    change: str  # published, changed or removed
    changed_at: datetime
    reason: str | None
    summary_json: str | None


@dataclass(frozen=True, slots=True)
class LogWindow:
    """What the log can resume from: positions at or past ``horizon``, up to ``head``."""

    horizon: int
    head: int


class PostingChangeReader(Protocol):
    async def window(self) -> LogWindow: ...

    async def after(self, position: int, limit: int) -> list[LoggedChange]:
        """Up to ``limit`` entries past ``position``, in log order."""
        ...


@dataclass(frozen=True, slots=True)
class ListPostingChanges:
    since: str | None = None
    limit: int = 100


@dataclass(frozen=True, slots=True)
class ChangePage:
    changes: tuple[LoggedChange, ...]
    next_token: str
    more: bool


class ListPostingChangesHandler:
    """A page of the public board's changes since a token (from the start without one)."""

    def __init__(self, reader: PostingChangeReader) -> None:
        self._reader = reader

    async def __call__(self, query: ListPostingChanges) -> ChangePage:
        if not 1 <= query.limit <= MAX_CHANGES_PAGE:
            raise InvalidParameter(f"limit must be between 1 and {MAX_CHANGES_PAGE}", field="limit")
        window = await self._reader.window()
        if query.since is None:
            # A client with nothing yet reads the whole log: every posting on the board
            # (purged tombstones it never needed).
            position = 0
        else:
            position = decode_token(query.since)
            if position > window.head:
                raise InvalidParameter("since is not a token this board handed out", field="since")
            if position < window.horizon:
                raise ResyncRequired(
                    "this token is older than the changes the board keeps: read the changes"
                    " from the start (without since) to copy the board afresh"
                )
        rows = await self._reader.after(position, query.limit + 1)
        page = rows[: query.limit]
        last = page[-1].position if page else position
        return ChangePage(tuple(page), encode_token(last), len(rows) > query.limit)
