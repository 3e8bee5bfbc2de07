"""Fixtures of the application-layer tests: every handler, wired over fresh in-memory fakes.

Each test gets its own store, clock, id sequence and key secrets. State is set up by
running the real handlers (``company``, ``draft``, ``published``, ``postgres``, ...), so a
test starts from what an employer or admin could really have done.

Each handler is a fixture named like its field in ``application.catalogue.Commands`` /
``Queries``, so a test asks for exactly the use cases it exercises. Test modules cannot
import from here, nor from a sibling module (``tests/application`` would shadow the
``application`` package), so every helper is a fixture whose type comes from the
application or the fakes.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from application.auth import Authenticate
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
from application.ports import UnitOfWorkFactory
from application.queries.employer_views import (
    GetOwnCompanyHandler,
    GetOwnPostingHandler,
    ListOwnPostingsHandler,
)
from domain.ids import PostingId, RequirementId
from fakes import FakeUnitOfWorkFactory, FixedClock, InMemoryStore, PlainSecrets, SequentialIds


@pytest.fixture
def store() -> InMemoryStore:
    return InMemoryStore()


@pytest.fixture
def uow(store: InMemoryStore) -> FakeUnitOfWorkFactory:
    return FakeUnitOfWorkFactory(store)


@pytest.fixture
def uow_port(uow: FakeUnitOfWorkFactory) -> UnitOfWorkFactory:
    """The fake factory, typed as the port the handlers ask for.

    Passed through ``Callable[[], Any]`` because mypy does not accept FakeUnitOfWork as a
    UnitOfWork: the Protocol's repositories are plain (mutable, so invariant) attributes,
    and the fake's are typed as the fake repositories.
    """
    factory: Callable[[], Any] = uow
    return factory


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def ids() -> SequentialIds:
    return SequentialIds()


@pytest.fixture
def secrets() -> PlainSecrets:
    return PlainSecrets()


# Commands


@pytest.fixture
def register_company(
    uow_port: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds, secrets: PlainSecrets
) -> RegisterCompanyHandler:
    return RegisterCompanyHandler(uow_port, clock, ids, secrets)


@pytest.fixture
def update_company_profile(
    uow_port: UnitOfWorkFactory, clock: FixedClock
) -> UpdateCompanyProfileHandler:
    return UpdateCompanyProfileHandler(uow_port, clock)


@pytest.fixture
def draft_posting(
    uow_port: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds
) -> DraftPostingHandler:
    return DraftPostingHandler(uow_port, clock, ids)


@pytest.fixture
def revise_posting(
    uow_port: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds
) -> RevisePostingHandler:
    return RevisePostingHandler(uow_port, clock, ids)


@pytest.fixture
def publish_posting(uow_port: UnitOfWorkFactory, clock: FixedClock) -> PublishPostingHandler:
    return PublishPostingHandler(uow_port, clock)


@pytest.fixture
def close_posting(uow_port: UnitOfWorkFactory, clock: FixedClock) -> ClosePostingHandler:
    return ClosePostingHandler(uow_port, clock)


@pytest.fixture
def take_down_posting(uow_port: UnitOfWorkFactory, clock: FixedClock) -> TakeDownPostingHandler:
    return TakeDownPostingHandler(uow_port, clock)


@pytest.fixture
def expire_postings(uow_port: UnitOfWorkFactory, clock: FixedClock) -> ExpirePostingsHandler:
    return ExpirePostingsHandler(uow_port, clock)


@pytest.fixture
def issue_employer_key(
    uow_port: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds, secrets: PlainSecrets
) -> IssueEmployerKeyHandler:
    return IssueEmployerKeyHandler(uow_port, clock, ids, secrets)


@pytest.fixture
def revoke_employer_key(uow_port: UnitOfWorkFactory, clock: FixedClock) -> RevokeEmployerKeyHandler:
    return RevokeEmployerKeyHandler(uow_port, clock)


@pytest.fixture
def issue_admin_key(
    uow_port: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds, secrets: PlainSecrets
) -> IssueAdminKeyHandler:
    return IssueAdminKeyHandler(uow_port, clock, ids, secrets)


@pytest.fixture
def verify_company(uow_port: UnitOfWorkFactory, clock: FixedClock) -> VerifyCompanyHandler:
    return VerifyCompanyHandler(uow_port, clock)


@pytest.fixture
def suspend_company(uow_port: UnitOfWorkFactory, clock: FixedClock) -> SuspendCompanyHandler:
    return SuspendCompanyHandler(uow_port, clock)


@pytest.fixture
def reinstate_company(uow_port: UnitOfWorkFactory, clock: FixedClock) -> ReinstateCompanyHandler:
    return ReinstateCompanyHandler(uow_port, clock)


@pytest.fixture
def add_requirement(
    uow_port: UnitOfWorkFactory, clock: FixedClock, ids: SequentialIds
) -> AddRequirementHandler:
    return AddRequirementHandler(uow_port, clock, ids)


@pytest.fixture
def rename_requirement(uow_port: UnitOfWorkFactory, clock: FixedClock) -> RenameRequirementHandler:
    return RenameRequirementHandler(uow_port, clock)


@pytest.fixture
def alias_requirement(uow_port: UnitOfWorkFactory, clock: FixedClock) -> AliasRequirementHandler:
    return AliasRequirementHandler(uow_port, clock)


@pytest.fixture
def merge_requirements(uow_port: UnitOfWorkFactory, clock: FixedClock) -> MergeRequirementsHandler:
    return MergeRequirementsHandler(uow_port, clock)


# Queries and authentication


@pytest.fixture
def get_own_company(uow_port: UnitOfWorkFactory) -> GetOwnCompanyHandler:
    return GetOwnCompanyHandler(uow_port)


@pytest.fixture
def list_own_postings(uow_port: UnitOfWorkFactory) -> ListOwnPostingsHandler:
    return ListOwnPostingsHandler(uow_port)


@pytest.fixture
def get_own_posting(uow_port: UnitOfWorkFactory) -> GetOwnPostingHandler:
    return GetOwnPostingHandler(uow_port)


@pytest.fixture
def authenticate(uow_port: UnitOfWorkFactory, secrets: PlainSecrets) -> Authenticate:
    return Authenticate(uow_port, secrets)


# Inspecting the store


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


# State, set up through the handlers


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
async def pending_company(register_company: RegisterCompanyHandler) -> RegisteredCompany:
    """A company that has just signed up: pending, not yet allowed to publish."""
    return await register_company(RegisterCompany("Pending Parcels", "FR"))


@pytest.fixture
async def company(
    register_company: RegisterCompanyHandler, verify_company: VerifyCompanyHandler
) -> RegisteredCompany:
    """A verified company: the employer most tests act for."""
    registered = await register_company(
        RegisterCompany(
            "Acme Analytics", "DE", website="https://acme.example", description="We count."
        )
    )
    await verify_company(VerifyCompany(registered.company_id))
    return registered


@pytest.fixture
async def other_company(
    register_company: RegisterCompanyHandler, verify_company: VerifyCompanyHandler
) -> RegisteredCompany:
    """Another verified company, whose postings ``company`` must never touch."""
    registered = await register_company(RegisterCompany("Rival Robotics", "NL"))
    await verify_company(VerifyCompany(registered.company_id))
    return registered


@pytest.fixture
async def draft(
    draft_posting: DraftPostingHandler, company: RegisteredCompany, fields: PostingFields
) -> PostingId:
    """A draft of ``company``."""
    return await draft_posting(DraftPosting(company.company_id, fields))


@pytest.fixture
async def published(
    draft_posting: DraftPostingHandler,
    publish_posting: PublishPostingHandler,
    company: RegisteredCompany,
    fields: PostingFields,
) -> PostingId:
    """A posting of ``company`` published now, valid for the default 60 days."""
    posting_id = await draft_posting(DraftPosting(company.company_id, fields))
    await publish_posting(PublishPosting(company.company_id, posting_id))
    return posting_id


@pytest.fixture
async def postgres(add_requirement: AddRequirementHandler) -> RequirementId:
    """The catalogue entry "PostgreSQL", also known as "postgres"."""
    return await add_requirement(AddRequirement("PostgreSQL", "skill", aliases=("postgres",)))
