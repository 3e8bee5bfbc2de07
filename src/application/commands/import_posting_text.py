from __future__ import annotations

from dataclasses import dataclass

from application.audit import Actor
from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.job_text import ParseReport, parse_job_text, to_posting_fields
from application.ports import UnitOfWorkFactory
from domain.ids import CompanyId, PostingId

FALLBACK_TITLE = "Untitled posting"


@dataclass(frozen=True, slots=True)
class ImportPostingText:
    company_id: CompanyId
    text: str
    actor: Actor | None = None  # an admin importing for the company: the act is audited


@dataclass(frozen=True, slots=True)
class ImportedPosting:
    posting_id: PostingId
    report: ParseReport


class ImportPostingTextHandler:
    """Turn a pasted job description into a draft the employer only needs to check.

    The text is read against the catalogue's names and aliases; the draft is
    written by the ordinary draft use case, so every rule of a posting applies.
    What was and was not recognised comes back as a report.
    """

    def __init__(self, uow: UnitOfWorkFactory, draft: DraftPostingHandler) -> None:
        self._uow, self._draft = uow, draft

    async def __call__(self, command: ImportPostingText) -> ImportedPosting:
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            terms = await uow.requirements.known_terms()
        parsed = parse_job_text(command.text, terms)
        fields = to_posting_fields(
            parsed, fallback_title=FALLBACK_TITLE, country=company.profile.country
        )
        posting_id = await self._draft(
            DraftPosting(company.id, fields, actor=command.actor, act="import_posting_text")
        )
        return ImportedPosting(posting_id, parsed.report)
