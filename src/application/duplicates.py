"""The duplicate and repost check run at publish, and the verdict it hands on.

A posting about to go public is signed (domain.near_duplicates) and compared with the
postings whose signatures share an LSH band with it: those public now, or that left the
board within the repost window. Its own company's near-duplicate makes it a repost
(refused: revise or reopen that one); another company's makes it a possible clone
(flagged for moderation, not refused).

The verdict is the seam for moderation: ``PublishPostingHandler.publish`` answers it with
the published posting, so a moderation policy (a ``PublishScreen``) can send a possible
clone to review instead of the board.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from application.ports import UnitOfWork
from domain.near_duplicates import (
    DEFAULT_THRESHOLD,
    AdSignature,
    DuplicateFinding,
    DuplicateVerdict,
    SignedPosting,
    check_threshold,
    judge,
)
from domain.posting import Posting, PostingStatus

DEFAULT_REPOST_WINDOW_DAYS = 30


@dataclass(frozen=True, slots=True)
class DuplicatePolicy:
    """How near is a duplicate (the estimated Jaccard similarity of the ads' shingles) and
    how long a posting that left the board still counts."""

    threshold: float = DEFAULT_THRESHOLD
    repost_window: timedelta = field(default=timedelta(days=DEFAULT_REPOST_WINDOW_DAYS))

    def __post_init__(self) -> None:
        check_threshold(self.threshold)
        if self.repost_window < timedelta(0):
            raise ValueError("the repost window must not be negative")


NOT_JUDGED = DuplicateVerdict(DuplicateFinding.NOT_JUDGED)


async def screen_for_duplicates(
    uow: UnitOfWork, posting: Posting, now: datetime, policy: DuplicatePolicy
) -> DuplicateVerdict:
    """The verdict on ``posting`` (being published in ``uow``) against the board's recent
    postings. Unless it is a repost, its signature is staged to be saved with the unit of
    work, so the next publish compares with it.

    The company's checks are serialised until the unit of work ends: of two publishes of
    the same ad racing, the second sees the first's signature and is refused."""
    index = uow.near_duplicates
    await index.hold_company(posting.company_id)
    signature = AdSignature.of_posting(posting.details)
    if signature is None:
        return NOT_JUDGED
    earlier = await index.near(signature, now - policy.repost_window)
    verdict = judge(posting.id, posting.company_id, signature, earlier, policy.threshold)
    if not verdict.is_repost:
        index.add(SignedPosting(posting.id, posting.company_id, signature), now)
    return verdict


async def resign_if_public(uow: UnitOfWork, posting: Posting, now: datetime) -> None:
    """A public posting that was just revised gets the signature of what it now says, so
    the next publish is compared with the ad candidates read (and a repost cannot hide
    behind a revision of a different ad). Not judged: a revision is never refused here."""
    if posting.status is not PostingStatus.PUBLISHED or not posting.pending_events:
        return
    signature = AdSignature.of_posting(posting.details)
    if signature is None:
        return
    await uow.near_duplicates.hold_company(posting.company_id)
    uow.near_duplicates.add(SignedPosting(posting.id, posting.company_id, signature), now)
