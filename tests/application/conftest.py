"""Fixtures of the application-layer tests: every handler, wired over fresh in-memory fakes.

Each test gets its own store, clock, id sequence and key secrets. State is set up by
running the real handlers (``verified_company``, ``draft``, ``published``, ...), so a
test starts from what an employer or admin could really have done.

Test modules cannot import from here (and mypy cannot see sibling modules), so the
helpers are fixtures whose types come from the application and the fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import pytest

from application.auth import Authenticate
from application.catalogue import Application, Commands, Queries
from application.commands.api_keys import (
    IssueAdminKeyHandler,
    IssueEmployerKeyHandler,
    RevokeEmployerKeyHandler,
)
from application.commands.company_status import (
    ReinstateCompanyHandler,
    SuspendCompanyHandler,
    VerifyCompany,
    VerifyCompanyHandler,
)
from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.posting_input import LocationInput, PostingFields, SalaryInput
from application.commands.posting_lifecycle import (
    ClosePostingHandler,
    ExpirePostingsHandler,
    PublishPosting,
    PublishPostingHandler,
    TakeDownPostingHandler,
)
from application.commands.register_company import (
    RegisterCompany,
    RegisterCompanyHandler,
    RegisteredCompany,
)
from application.commands.requirement_catalogue import (
    AddRequirement,
    AddRequirementHandler,
    AliasRequirementHandler,
    MergeRequirementsHandler,
    RenameRequirementHandler,
)
from application.commands.revise_posting import RevisePostingHandler
from application.commands.update_company_profile import UpdateCompanyProfileHandler
from application.queries.employer_views import (
    GetOwnCompanyHandler,
    GetOwnPostingHandler,
    ListOwnPostingsHandler,
)
from application.queries.public_postings import (
    GetPublicPostingHandler,
    ListPublicPostingsHandler,
    NewestCursor,
    PostingFilters,
)
from application.queries.views import PostingDetail, PostingSummary
from domain.ids import PostingId, RequirementId
from fakes import FakeUnitOfWorkFactory, FixedClock, InMemoryStore, PlainSecrets, SequentialIds


class NoPublicPostings:
    """The public read model of a board nobody has projected yet (the command tests' reader)."""

    async def newest(
        self, filters: PostingFilters, now: datetime, after: NewestCursor | None, limit: int
    ) -> list[PostingSummary]:
        return []

    async def detail(self, posting_id: UUID, now: datetime) -> PostingDetail | None:
        return None


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def uow(store: InMemoryStore) -> FakeUnitOfWorkFactory:
    return FakeUnitOfWorkFactory(store)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def ids() -> SequentialIds:
    return SequentialIds()


@pytest.fixture
def secrets() -> PlainSecrets:
    return PlainSecrets()


@pytest.fixture
def app(
    uow: FakeUnitOfWorkFactory, clock: FixedClock, ids: SequentialIds, secrets: PlainSecrets
) -> Application:
    """Every use case of the board, wired as the composition root wires them."""
    reader = NoPublicPostings()
    return Application(
        commands=Commands(
            register_company=RegisterCompanyHandler(uow, clock, ids, secrets),
            update_company_profile=UpdateCompanyProfileHandler(uow, clock),
            draft_posting=DraftPostingHandler(uow, clock, ids),
            revise_posting=RevisePostingHandler(uow, clock, ids),
            publish_posting=PublishPostingHandler(uow, clock),
            close_posting=ClosePostingHandler(uow, clock),
            issue_employer_key=IssueEmployerKeyHandler(uow, clock, ids, secrets),
            revoke_employer_key=RevokeEmployerKeyHandler(uow, clock),
            issue_admin_key=IssueAdminKeyHandler(uow, clock, ids, secrets),
            verify_company=VerifyCompanyHandler(uow, clock),
            suspend_company=SuspendCompanyHandler(uow, clock),
            reinstate_company=ReinstateCompanyHandler(uow, clock),
            take_down_posting=TakeDownPostingHandler(uow, clock),
            expire_postings=ExpirePostingsHandler(uow, clock),
            add_requirement=AddRequirementHandler(uow, clock, ids),
            rename_requirement=RenameRequirementHandler(uow, clock),
            alias_requirement=AliasRequirementHandler(uow, clock),
            merge_requirements=MergeRequirementsHandler(uow, clock),
        ),
        queries=Queries(
            list_public_postings=ListPublicPostingsHandler(reader, clock),
            get_public_posting=GetPublicPostingHandler(reader, clock),
            get_own_company=GetOwnCompanyHandler(uow),
            list_own_postings=ListOwnPostingsHandler(uow),
            get_own_posting=GetOwnPostingHandler(uow),
        ),
        authenticate=Authenticate(uow, secrets),
    )


@pytest.fixture
def snapshot(store: InMemoryStore) -> Callable[[], object]:
    """A function answering the committed state: every aggregate's version, and the outbox.

    Every change to an aggregate records an event and so bumps its version, so two equal
    snapshots mean nothing was added, changed or published in between.
    """

    def take() -> object:
        tables = {
            "companies": {i: a.version for i, a in store.companies.items()},
            "postings": {i: a.version for i, a in store.postings.items()},
            "requirements": {i: a.version for i, a in store.requirements.items()},
            "api_keys": {i: a.version for i, a in store.api_keys.items()},
        }
        return tables, list(store.outbox)

    return take


@pytest.fixture
def fields() -> PostingFields:
    """Valid fields of an onsite job in Berlin, asking for nothing from the catalogue."""
    return PostingFields(
        title="Senior Data Engineer",
        description="Build and run our data pipelines.",
        language="en",
        locations=(LocationInput("DE", "Berlin"),),
        workplace="onsite",
        employment_type="full_time",
        seniority="senior",
        salary=SalaryInput(Decimal(60_000), Decimal(80_000), "EUR", "year"),
        responsibilities=("Own the ingestion pipeline",),
        benefits=("30 days of holiday",),
    )


@pytest.fixture
async def pending_company(app: Application) -> RegisteredCompany:
    """A company that has just signed up: pending, not yet allowed to publish."""
    return await app.commands.register_company(RegisterCompany("Pending Parcels", "FR"))


@pytest.fixture
async def company(app: Application) -> RegisteredCompany:
    """A verified company: the employer most tests act for."""
    registered = await app.commands.register_company(
        RegisterCompany(
            "Acme Analytics", "DE", website="https://acme.example", description="We count."
        )
    )
    await app.commands.verify_company(VerifyCompany(registered.company_id))
    return registered


@pytest.fixture
async def other_company(app: Application) -> RegisteredCompany:
    """Another verified company, whose postings ``company`` must never touch."""
    registered = await app.commands.register_company(RegisterCompany("Rival Robotics", "NL"))
    await app.commands.verify_company(VerifyCompany(registered.company_id))
    return registered


@pytest.fixture
async def draft(
    app: Application, company: RegisteredCompany, fields: PostingFields
) -> PostingId:
    """A draft of ``company``."""
    return await app.commands.draft_posting(DraftPosting(company.company_id, fields))


@pytest.fixture
async def published(
    app: Application, company: RegisteredCompany, fields: PostingFields
) -> PostingId:
    """A posting of ``company`` published now, valid for the default 60 days."""
    posting_id = await app.commands.draft_posting(DraftPosting(company.company_id, fields))
    await app.commands.publish_posting(PublishPosting(company.company_id, posting_id))
    return posting_id


@pytest.fixture
async def postgres(app: Application) -> RequirementId:
    """The catalogue entry "PostgreSQL", also known as "postgres"."""
    return await app.commands.add_requirement(
        AddRequirement("PostgreSQL", "skill", aliases=("postgres",))
    )
