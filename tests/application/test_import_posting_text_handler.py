"""Importing a pasted job description as a draft, over the in-memory fakes."""

from __future__ import annotations

from pathlib import Path

import pytest

from application.commands.draft_posting import DraftPostingHandler
from application.commands.import_posting_text import (
    ImportPostingText,
    ImportPostingTextHandler,
)
from application.commands.register_company import RegisterCompany, RegisterCompanyHandler
from application.commands.requirement_catalogue import AddRequirement, AddRequirementHandler
from builders import AN_ADMIN
from domain.errors import InvariantViolated, NotFound
from domain.ids import CompanyId
from domain.posting import PostingStatus
from fakes import FakeUnitOfWorkFactory, FixedClock, PlainSecrets, SequentialIds

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "raw"


IDS = SequentialIds()  # one sequence for every handler, so no two aggregates share an id


@pytest.fixture
def uow() -> FakeUnitOfWorkFactory:
    return FakeUnitOfWorkFactory()


@pytest.fixture
def handler(uow: FakeUnitOfWorkFactory) -> ImportPostingTextHandler:
    return ImportPostingTextHandler(uow, DraftPostingHandler(uow, FixedClock(), IDS))


async def _company(uow: FakeUnitOfWorkFactory) -> CompanyId:
    register = RegisterCompanyHandler(uow, FixedClock(), IDS, PlainSecrets())
    return (await register(RegisterCompany("Acme Ltd", "US"))).company_id


async def test_a_pasted_ad_becomes_a_draft_with_its_facts_and_catalogue_names(
    uow: FakeUnitOfWorkFactory, handler: ImportPostingTextHandler
) -> None:
    add = AddRequirementHandler(uow, FixedClock(), IDS)
    await add(AddRequirement("Kafka", "skill", actor=AN_ADMIN))
    await add(AddRequirement("Terraform", "skill", actor=AN_ADMIN))
    company = await _company(uow)

    imported = await handler(
        ImportPostingText(company, (SEEDS / "001_abc877bc7831effb.txt").read_text())
    )

    posting = uow.store.postings[imported.posting_id]
    details = posting.details
    assert posting.status is PostingStatus.DRAFT
    assert posting.company_id == company
    assert details.salary is not None
    assert (str(details.salary.min), str(details.salary.max)) == ("11670.34", "14174.54")
    assert (details.salary.currency, details.salary.period.value) == ("USD", "month")
    assert details.workplace.value == "onsite"
    assert details.locations[0].country == "US"  # the company's country, the text names none
    names = {uow.store.requirements[r.requirement_id].name for r in details.requirements}
    assert {"Kafka", "Terraform"} <= names
    assert "salary" in imported.report.found


async def test_an_empty_text_is_refused_and_nothing_is_drafted(
    uow: FakeUnitOfWorkFactory, handler: ImportPostingTextHandler
) -> None:
    company = await _company(uow)

    with pytest.raises(InvariantViolated) as error:
        await handler(ImportPostingText(company, "   \n  "))

    assert error.value.field == "text"
    assert uow.store.postings == {}


async def test_importing_for_an_unknown_company_is_not_found(
    handler: ImportPostingTextHandler,
) -> None:
    with pytest.raises(NotFound):
        await handler(ImportPostingText(CompanyId(IDS.new_id()), "Engineer wanted."))
