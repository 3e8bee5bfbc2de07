"""A company's job board: every public posting of one company, in full, for the pages
and widgets that show a single employer's openings (the ATS-compatible endpoints)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from application.ports import Clock
from application.queries.public_postings import text_parameter
from application.views import CompanyRef, PostingDetail
from domain.errors import NotFound

# More than any one employer's board holds; a bound, so no answer is unbounded.
MAX_BOARD_POSTINGS = 2000


@dataclass(frozen=True, slots=True)
class BoardPosting:
    posting: PostingDetail
    updated_at: datetime  # when the public posting last changed


@dataclass(frozen=True, slots=True)
class CompanyBoard:
    company: CompanyRef
    postings: tuple[BoardPosting, ...]  # newest first


class CompanyBoardReader(Protocol):
    async def board(self, slug: str, limit: int, now: datetime) -> CompanyBoard | None:
        """The company's public postings, newest first; None when it is not public."""
        ...


@dataclass(frozen=True, slots=True)
class GetCompanyBoard:
    slug: str


class GetCompanyBoardHandler:
    """A public company's public postings in full, newest first; NotFound otherwise."""

    def __init__(self, reader: CompanyBoardReader, clock: Clock) -> None:
        self._reader, self._clock = reader, clock

    async def __call__(self, query: GetCompanyBoard) -> CompanyBoard:
        slug = (text_parameter(query.slug, "slug", 80) or "").lower()
        board = await self._reader.board(slug, MAX_BOARD_POSTINGS, self._clock.now())
        if board is None:
            raise NotFound(f"no public company {query.slug!r}")
        return board
