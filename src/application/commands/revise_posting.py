from __future__ import annotations

from dataclasses import dataclass

from application.commands.own_posting import load_own_posting
from application.commands.posting_input import (
    PostingPatch,
    patched_details,
    retrying_a_catalogue_race,
)
from application.duplicates import resign_if_public
from application.owner_views import own_posting_view
from application.ports import Clock, IdGenerator, UnitOfWorkFactory
from application.views import OwnPostingView
from domain.ids import CompanyId, PostingId
from domain.pay_transparency import PayTransparencyPolicy


@dataclass(frozen=True, slots=True)
class RevisePosting:
    company_id: CompanyId
    posting_id: PostingId
    patch: PostingPatch
    expected_version: int | None = None


class RevisePostingHandler:
    """Change a draft or a published posting; closed, expired and taken-down ones are final.
    Answers the posting as revised."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        pay_policy: PayTransparencyPolicy | None = None,
    ) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids
        self._pay_policy = pay_policy or PayTransparencyPolicy()

    async def __call__(self, command: RevisePosting) -> OwnPostingView:
        return await retrying_a_catalogue_race(lambda: self._revise(command))

    async def _revise(self, command: RevisePosting) -> OwnPostingView:
        now = self._clock.now()
        async with self._uow() as uow:
            posting = await load_own_posting(
                uow, command.company_id, command.posting_id, command.expected_version
            )
            # A final posting is refused as such, before its new content is even read.
            posting.ensure_editable()
            details = await patched_details(uow, posting.details, command.patch, self._ids, now)
            posting.revise(details, now)
            await resign_if_public(uow, posting, now)  # near-duplicates: what it now says
            await uow.commit()
            return await own_posting_view(uow, posting, self._pay_policy)
