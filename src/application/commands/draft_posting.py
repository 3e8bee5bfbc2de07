from __future__ import annotations

from dataclasses import dataclass

from application.audit import Actor, AggregateRef, AuditEntry
from application.commands.posting_input import (
    PostingFields,
    new_details,
    retrying_a_catalogue_race,
)
from application.ports import Clock, IdGenerator, UnitOfWorkFactory
from domain.ids import CompanyId, PostingId
from domain.posting import Posting


@dataclass(frozen=True, slots=True)
class DraftPosting:
    company_id: CompanyId
    fields: PostingFields
    # An admin drafting on a company's behalf (`jobboard import-text`): the act is audited
    # under ``act``, in the draft's transaction. An employer's own draft carries none.
    actor: Actor | None = None
    act: str = "draft_posting"


class DraftPostingHandler:
    """Write a new posting as a draft. Drafts are never public."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, ids: IdGenerator) -> None:
        self._uow, self._clock, self._ids = uow, clock, ids

    async def __call__(self, command: DraftPosting) -> PostingId:
        return await retrying_a_catalogue_race(lambda: self._draft(command))

    async def _draft(self, command: DraftPosting) -> PostingId:
        now = self._clock.now()
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            details = await new_details(uow, command.fields, self._ids, now)
            posting = Posting.draft(PostingId(self._ids.new_id()), company.id, details, now)
            uow.postings.add(posting)
            if command.actor is not None:
                uow.audit.record(
                    AuditEntry(
                        command.actor,
                        command.act,
                        now,
                        AggregateRef("posting", posting.id),
                        details={"company_id": str(company.id)},
                    )
                )
            await uow.commit()
        return posting.id
