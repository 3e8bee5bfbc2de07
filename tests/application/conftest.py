"""Fixtures of the application-layer tests: the real catalogue, wired over in-memory fakes.

Each test gets its own store, clock, id sequence and key secrets, and the application that
``application.catalogue.wire`` builds over them: the same wiring the container does with
the real adapters. State is set up by running the real handlers (``company``, ``draft``,
``published``, ``postgres``, ...), so a test starts from what an employer or admin could
really have done.

Each handler is a fixture named like its field in ``Commands`` / ``Queries``, made from
the catalogue itself, so a test asks for exactly the use cases it exercises and a new use
case needs no fixture of its own. Test modules cannot import from here, nor from a sibling
module (``tests/application`` would shadow the ``application`` package), so every helper
is a fixture whose type comes from the application or the fakes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from application.auth import Authenticate
from application.catalogue import Application, Commands, Ports, Queries, wire
from application.commands.company_status import VerifyCompany, VerifyCompanyHandler
from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.moderation import Moderation
from application.commands.posting_input import (
    ApplicationMethodInput,
    LocationInput,
    PostingFields,
    SalaryInput,
)
from application.commands.posting_lifecycle import PublishPosting, PublishPostingHandler
from application.commands.register_company import (
    RegisterCompany,
    RegisterCompanyHandler,
    RegisteredCompany,
)
from application.commands.requirement_catalogue import AddRequirement, AddRequirementHandler
from application.ports import UnitOfWorkFactory
from builders import AN_ADMIN
from domain.ids import PostingId, RequirementId
from domain.moderation import ModerationPolicy
from domain.pay_transparency import PayTransparencyPolicy
from fakes import (
    FakeAuditReader,
    FakeBoardDirectory,
    FakeChangeLog,
    FakeCompanyBoards,
    FakeMaintenance,
    FakeModerationQueue,
    FakePublicPostingReader,
    FakeSitemap,
    FakeUnitOfWorkFactory,
    FixedClock,
    InMemoryStore,
    PlainSecrets,
    SequentialIds,
)


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


@pytest.fixture
def moderation() -> Moderation:
    """The publish policy the application is wired with: no new-company review, as the
    general tests' board has (the moderation tests override this fixture)."""
    return Moderation(ModerationPolicy(new_company_days=0))


@pytest.fixture
def pay_transparency_policy(request: pytest.FixtureRequest) -> PayTransparencyPolicy:
    """The board's pay-transparency policy: warn on every rule, unless a test asks for
    another by indirect parametrisation (``"CO=block"``)."""
    return PayTransparencyPolicy.parse(getattr(request, "param", ""))


@pytest.fixture
def application(
    store: InMemoryStore,
    uow_port: UnitOfWorkFactory,
    clock: FixedClock,
    ids: SequentialIds,
    secrets: PlainSecrets,
    moderation: Moderation,
    pay_transparency_policy: PayTransparencyPolicy,
) -> Application:
    """Every use case, wired by the catalogue over the fakes."""
    return wire(
        Ports(
            uow=uow_port,
            clock=clock,
            ids=ids,
            secrets=secrets,
            public_postings=FakePublicPostingReader(),
            directory=FakeBoardDirectory(),
            read_models=FakeMaintenance(store=store),
            sitemap=FakeSitemap(),
            changes=FakeChangeLog(),
            company_boards=FakeCompanyBoards(),
            audit_log=FakeAuditReader(store),
            moderation=moderation,
            reporter_hashes=PlainSecrets(),
            moderation_queue=FakeModerationQueue(store),
            pay_transparency_policy=pay_transparency_policy,
        )
    )


def _handler_fixture(group: str, name: str) -> Any:
    def handler(application: Application) -> Any:
        return getattr(getattr(application, group), name)

    handler.__name__ = name
    handler.__doc__ = f"``application.{group}.{name}``, over the fakes."
    return pytest.fixture(name=name)(handler)


for _group, _catalogue in (("commands", Commands), ("queries", Queries)):
    for _field in dataclasses.fields(_catalogue):
        globals()[_field.name] = _handler_fixture(_group, _field.name)


@pytest.fixture
def authenticate(application: Application) -> Authenticate:
    return application.authenticate


# Inspecting the store


@pytest.fixture
def snapshot(store: InMemoryStore) -> Callable[[], object]:
    """A function answering the committed state: every aggregate's version, the outbox and
    the audit log.

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
        return tables, list(store.outbox), list(store.audit)

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
        application_method=ApplicationMethodInput("url", url="https://jobs.example.com/apply"),
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
    await verify_company(VerifyCompany(registered.company_id, actor=AN_ADMIN))
    return registered


@pytest.fixture
async def other_company(
    register_company: RegisterCompanyHandler, verify_company: VerifyCompanyHandler
) -> RegisteredCompany:
    """Another verified company, whose postings ``company`` must never touch."""
    registered = await register_company(RegisterCompany("Rival Robotics", "NL"))
    await verify_company(VerifyCompany(registered.company_id, actor=AN_ADMIN))
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
    return await add_requirement(
        AddRequirement("PostgreSQL", "skill", aliases=("postgres",), actor=AN_ADMIN)
    )
