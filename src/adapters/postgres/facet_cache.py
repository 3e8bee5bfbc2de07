"""Facet answers kept per process while public_postings keeps the generation they were
counted at."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from adapters.postgres.facet_tally import Facets, Tally


@dataclass(frozen=True, slots=True)
class _Counted:
    generation: int
    since: datetime
    until: datetime | None
    tally: Tally
    answer: Facets


class FacetCache:
    """Facet counts counted over the matches, kept while they can be made exact cheaply.

    An entry serves the same filters and groups while public_postings keeps the
    generation it was counted at, at any clock from the moment it was counted on:
    - before the next lapse of a public posting, as it is (``hits``);
    - after it, less the postings that lapsed in between, counted through the
      valid_through index: a handful of rows, not the matches again (``corrections``);
    - at a clock before its counting (a request that read its clock just before another
      one corrected the entry, under load), plus the postings that lapsed in between,
      the same way (``backdated``); the entry itself stays as it is.
    So it never differs from counting again; it spares a board the scans when the same
    filters come back (the landing pages of a country, a skill or a company do, again
    and again). Per process, least recently used first out."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._entries: OrderedDict[object, _Counted] = OrderedDict()
        self.hits = 0
        self.corrections = 0
        self.backdated = 0

    def get(self, key: object, generation: int | None) -> _Counted | None:
        """The entry that can answer for this generation: as it is, or corrected for the
        postings that lapsed between its counting and the clock asked at (either way)."""
        entry = self._entries.get(key)
        if entry is None or generation is None or entry.generation != generation:
            return None
        self._entries.move_to_end(key)
        return entry

    def put(
        self,
        key: object,
        generation: int | None,
        now: datetime,
        until: datetime | None,
        tally: Tally,
        answer: Facets,
    ) -> None:
        if generation is None:
            return
        self._entries[key] = _Counted(generation, now, until, tally, answer)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)
