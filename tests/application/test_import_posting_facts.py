"""A pasted job description that says whether the employer sponsors a visa or helps with
a move gives its draft those facts, and the parse report says it found them."""

from __future__ import annotations

from application.commands.draft_posting import DraftPostingHandler
from application.commands.import_posting_text import ImportPostingText, ImportPostingTextHandler
from application.commands.register_company import RegisterCompany, RegisterCompanyHandler
from domain.posting_facts import Support
from fakes import FakeUnitOfWorkFactory, FixedClock, PlainSecrets, SequentialIds

TEXT = """Senior Backend Engineer

We build the payments platform for small shops across Europe.

What you will do
- Design and run our Python services
- Own the PostgreSQL schema

What we offer
- Visa sponsorship is available for this role.
- A relocation package to Lisbon.
"""


async def test_a_text_stating_visa_and_relocation_support_fills_the_drafts_facts() -> None:
    uow, ids, clock = FakeUnitOfWorkFactory(), SequentialIds(), FixedClock()
    company = await RegisterCompanyHandler(uow, clock, ids, PlainSecrets())(
        RegisterCompany("Shops Ltd", "PT")
    )
    handler = ImportPostingTextHandler(uow, DraftPostingHandler(uow, clock, ids))

    imported = await handler(ImportPostingText(company.company_id, TEXT))
    silent = await handler(ImportPostingText(company.company_id, TEXT.split("What we offer")[0]))

    details = uow.store.postings[imported.posting_id].details
    assert (details.visa_sponsorship, details.relocation_support) == (Support.YES, Support.YES)
    assert {"visa_sponsorship", "relocation_support"} <= set(imported.report.found)
    quiet = uow.store.postings[silent.posting_id].details
    assert (quiet.visa_sponsorship, quiet.relocation_support) == (Support.UNKNOWN,) * 2
    # Not knowing is no gap the employer must fill.
    assert "visa_sponsorship" not in silent.report.not_found
