"""Random command sequences against real PostgreSQL leave the read models right.

A hypothesis state machine drives the real use cases through the Application:
companies (register, verify, suspend, reinstate, rename), postings (draft with
requirements named from a small pool so entries get proposed, revise, publish
with long or short validity, close, take down, expire under a clock it moves)
and the requirement catalogue (add with aliases, rename, alias, merge). Domain
refusals are expected outcomes; for the lifecycle commands the machine also
predicts which refusal. It projects now and then: one small batch, a full
drain, two projectors at once, a rebuild, or a projector running in the
background while commands commit.

What must hold:

- after every step, whatever the projector's lag, no posting that was never
  published or is past its valid_through is listed;
- at every check (a rule, and at the end of each run), once the outbox is
  drained, ``VerifyReadModels`` reports no difference, and what candidates see
  matches the machine's own model rather than the projection's SQL: exactly
  the postings that are published, of a verified company and not past
  valid_through (paged through with the cursor, newest first), with their
  titles, company names, dates and canonical requirement names (merges
  followed in Python from the write side); posting details; company pages with
  their open-posting counts; countries (per language) and languages with
  their counts; requirement counts;
- at the end of each run, the moves the read side most easily gets wrong are
  put to a public posting one batch at a time (its requirement merged away,
  its company suspended, reinstated and renamed), and it lapses on the clock.

Hypothesis is synchronous, so the test runs every example on one event loop of
its own (``asyncio.Runner``) with a container and engine made inside it; ids
are sequential and the clock is fixed, so an example replays exactly.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections import Counter
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, ClassVar, TypeVar
from uuid import UUID

from dependency_injector import providers
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import text

from adapters.container import Container, release
from adapters.postgres.projector import Projector
from adapters.postgres.tables import metadata
from adapters.settings import Settings
from application.catalogue import Application
from application.commands.company_status import ReinstateCompany, SuspendCompany, VerifyCompany
from application.commands.draft_posting import DraftPosting
from application.commands.moderation import ApprovePosting, RejectPosting, ReportPosting
from application.commands.posting_input import (
    UNSET,
    ApplicationMethodInput,
    LocationInput,
    PostingFields,
    PostingPatch,
    RequirementInput,
    SalaryInput,
    Unset,
    WorkingLanguageInput,
)
from application.commands.posting_lifecycle import (
    ClosePosting,
    ExpirePostings,
    PublishPosting,
    TakeDownPosting,
)
from application.commands.read_models import RebuildReadModels, VerifyReadModels
from application.commands.register_company import RegisterCompany
from application.commands.requirement_catalogue import (
    AddRequirement,
    AliasRequirement,
    MergeRequirements,
    RenameRequirement,
)
from application.commands.revise_posting import RevisePosting
from application.commands.update_company_profile import UpdateCompanyProfile
from application.queries.board_directory import (
    GetPublicCompany,
    ListCountries,
    ListLanguages,
    ListRequirements,
)
from application.queries.catalogue_views import GetCatalogueEntry
from application.queries.posting_changes import ListPostingChanges
from application.queries.public_postings import (
    GetPublicPosting,
    ListPublicPostings,
    PostingFilters,
)
from application.views import PostingDetail, PostingSummary
from builders import AN_ADMIN
from domain.company import slugify
from domain.errors import (
    AlreadyExists,
    CompanyCannotPublish,
    ConcurrentModification,
    DomainError,
    InvalidTransition,
    InvariantViolated,
    NotFound,
    StaleVersion,
)
from domain.ids import CompanyId, PostingId, RequirementId
from fakes import FixedClock
from listed import summary_of
from scratch_databases import SKIP_APPEND_ONLY_GUARD

T = TypeVar("T")
REPORT_THRESHOLD = 2
EDITABLE = ("draft", "published", "in_review", "rejected")

# What random commands may legitimately run into.
EXPECTED_ERRORS = (
    InvalidTransition,
    CompanyCannotPublish,
    AlreadyExists,
    NotFound,
    StaleVersion,
    ConcurrentModification,
    InvariantViolated,
)

START = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

# Small pools, so names collide, requirements get proposed, approved, aliased and merged.
COMPANY_NAMES = ("Acme", "Beta Labs", "Gamma GmbH", "ACME!")  # "ACME!" has Acme's slug
NEW_COMPANY_NAMES = ("Acme Renamed", "Delta", "Beta Labs")
APPLICATION_METHODS = (
    ApplicationMethodInput("url", url="https://jobs.example.com/apply"),
    ApplicationMethodInput("email", email="jobs@example.com"),
    ApplicationMethodInput("board"),
)
SUPPORTS = ("yes", "no", "unknown")
WORKING_LANGUAGES = (("de", "B2"), ("en", None), ("es", "C1"))
TITLES = ("Backend Engineer", "Data Analyst", "Site Reliability Engineer")
REQUIREMENT_NAMES = ("Python", "python", "PostgreSQL", "Postgres", "Rust", "Go", "Golang", "k8s")
ALIASES = ("postgres", "golang", "k8s", "py", "rust")
KINDS = ("skill", "language", "certification")
PLACES = (LocationInput("GB", "London"), LocationInput("FR", "Paris"), LocationInput("DE"))
VALIDITIES: tuple[timedelta | None, ...] = (
    None,  # the default 60 days
    timedelta(hours=1),
    timedelta(days=1),
    timedelta(days=3),
    timedelta(days=200),  # too far: refused
    timedelta(hours=-1),  # in the past: refused
)
CLOCK_STEPS = (timedelta(minutes=30), timedelta(hours=12), timedelta(days=2), timedelta(days=61))

requirement_lists = st.lists(
    st.sampled_from(REQUIREMENT_NAMES), max_size=3, unique_by=str.casefold
).map(tuple)
valid = st.sampled_from(VALIDITIES[:4])


@st.composite
def posting_fields(draw: st.DrawFn, min_requirements: int = 0) -> PostingFields:
    """A small but varied posting; requirement names from the pool, so entries get proposed."""
    workplace = draw(st.sampled_from(("onsite", "hybrid", "remote")))
    places = draw(st.lists(st.sampled_from(PLACES), max_size=2, unique=True))
    names = draw(
        st.lists(
            st.sampled_from(REQUIREMENT_NAMES),
            min_size=min_requirements,
            max_size=3,
            unique_by=str.casefold,
        )
    )
    rich = draw(st.booleans())
    return PostingFields(
        title=draw(st.sampled_from(TITLES)),
        description="Build and run the things.",
        language=draw(st.sampled_from(("en", "fr", "de"))),
        locations=tuple(places) or (PLACES[0],),
        workplace=workplace,
        employment_type=draw(st.sampled_from(("full_time", "contract"))),
        seniority="senior" if rich else None,
        salary=SalaryInput(Decimal(50_000), Decimal(70_000), "EUR", "year") if rich else None,
        requirements=tuple(
            RequirementInput(name, "nice" if rich and n else "must", n or None)
            for n, name in enumerate(names)
        ),
        remote_countries=("ES",) if workplace == "remote" and rich else (),
        application_method=draw(st.sampled_from(APPLICATION_METHODS)),
        # The posting facts the search filters on (issue 20 item 2).
        visa_sponsorship=draw(st.sampled_from(SUPPORTS)),
        relocation_support=draw(st.sampled_from(SUPPORTS)),
        working_languages=tuple(
            WorkingLanguageInput(code, level)
            for code, level in draw(
                st.lists(st.sampled_from(WORKING_LANGUAGES), max_size=2, unique_by=lambda w: w[0])
            )
        ),
    )


class ResettableIds:
    """Sequential UUIDs that start again with every example, so runs replay exactly."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def reset(self) -> None:
        self._counter = itertools.count(1)

    def new_id(self) -> UUID:
        return UUID(int=next(self._counter))


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class World:
    """What every example shares: one loop, one wired container, a clock and ids to steer."""

    runner: asyncio.Runner
    container: Container
    clock: FixedClock
    ids: ResettableIds
    projector_errors: _Records

    @property
    def app(self) -> Application:
        app: Application = self.container.application()
        return app

    def projector(self, batch_size: int = 200, poll_interval: float = 2.0) -> Projector:
        """A projector of its own (batch size, polling), applying every projection the
        container wires into the board's projector."""
        projections = self.container.projector.kwargs["projections"]()
        return Projector(
            self.container.engine(),
            projections,
            batch_size=batch_size,
            poll_interval=poll_interval,
            upkeep=self.container.projector.kwargs["upkeep"](),
        )

    async def reset(self) -> None:
        self.clock.current = START
        self.ids.reset()
        self.projector_errors.records.clear()
        # DELETE, not TRUNCATE: on a handful of rows it is several times faster.
        async with self.container.engine().begin() as connection:
            await connection.execute(text(SKIP_APPEND_ONLY_GUARD))
            for table in reversed(metadata.sorted_tables):
                await connection.execute(table.delete())


@dataclass
class CompanyModel:
    name: str
    slug: str
    status: str = "pending"
    before_suspension: str | None = None


@dataclass
class PostingModel:
    company_id: CompanyId
    title: str
    language: str
    countries: frozenset[str]  # where it is, and where a remote one is open to
    visa_sponsorship: str = "unknown"
    spoken_languages: frozenset[str] = frozenset()  # its own language and its team's
    status: str = "draft"
    published_at: datetime | None = None
    valid_through: datetime | None = None
    # moderation: the addresses that reported it, how many of its reports are open
    reporters: frozenset[int] = frozenset()
    open_reports: int = 0


@dataclass
class Background:
    stop: asyncio.Event
    task: asyncio.Task[None]


# Each entry, whether it was merged, and whether a published posting asks for it.
CATALOGUE = """
SELECT r.id, r.status, EXISTS (
    SELECT 1 FROM posting_requirements pr JOIN postings p ON p.id = pr.posting_id
    WHERE pr.requirement_id = r.id AND p.status = 'published') AS public
FROM requirements r ORDER BY r.id
"""


@dataclass
class Catalogue:
    everything: list[RequirementId]
    live: list[RequirementId]
    public: list[RequirementId]


def _outcome(error: DomainError | None) -> type[DomainError] | None:
    return None if error is None else type(error)


class ReadModelMachine(RuleBasedStateMachine):
    world: ClassVar[World]

    def __init__(self) -> None:
        super().__init__()
        self.companies: dict[CompanyId, CompanyModel] = {}
        self.postings: dict[PostingId, PostingModel] = {}
        self.background: Background | None = None
        self.broken = False
        # An aggregator's copy of the board, kept by replaying the change log.
        self.replica: dict[UUID, dict[str, Any]] = {}
        self.sync_token: str | None = None
        self._run(self.world.reset())

    # ------------------------------------------------------------ plumbing

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run on the world's loop; a failure marks the example so teardown only cleans up."""
        try:
            return self.world.runner.run(coroutine)
        except BaseException:
            self.broken = True
            raise

    @property
    def now(self) -> datetime:
        return self.world.clock.now()

    def _pick(self, data: st.DataObject, preferred: Sequence[T], everything: Sequence[T]) -> T:
        """Mostly one the command makes sense for; now and then any, to hit refusals too."""
        if preferred and data.draw(st.integers(0, 4), label="sensible") > 0:
            return data.draw(st.sampled_from(list(preferred)))
        return data.draw(st.sampled_from(list(everything)))

    def _companies_where(self, *statuses: str) -> list[CompanyId]:
        return [i for i, c in self.companies.items() if c.status in statuses]

    def _postings_where(self, *statuses: str) -> list[PostingId]:
        return [i for i, p in self.postings.items() if p.status in statuses]

    def _visible(self) -> set[PostingId]:
        return {
            i
            for i, p in self.postings.items()
            if p.status == "published"
            and self.companies[p.company_id].status == "verified"
            and p.valid_through is not None
            and self.now < p.valid_through
        }

    async def _attempt(
        self, coroutine: Coroutine[Any, Any, T]
    ) -> tuple[T | None, DomainError | None]:
        try:
            return await coroutine, None
        except EXPECTED_ERRORS as error:
            return None, error

    async def _settle(self, settle: bool) -> None:
        """Project what is pending first, so the next command's events make a batch alone."""
        if settle:
            await self.world.projector().drain()

    async def _catalogue(self) -> Catalogue:
        """The catalogue's entries (in creation order: the ids are sequential)."""
        async with self.world.container.engine().connect() as connection:
            rows = (await connection.execute(text(CATALOGUE))).all()
        return Catalogue(
            everything=[RequirementId(r.id) for r in rows],
            live=[RequirementId(r.id) for r in rows if r.status != "merged"],
            public=[RequirementId(r.id) for r in rows if r.public],
        )

    # ------------------------------------------------------------ companies

    @rule(name=st.sampled_from(COMPANY_NAMES))
    def register_company(self, name: str) -> None:
        async def go() -> None:
            registered, error = await self._attempt(
                self.world.app.commands.register_company(RegisterCompany(name, "GB"))
            )
            if registered is not None:
                self.companies[registered.company_id] = CompanyModel(name, slugify(name))
            else:
                assert isinstance(error, AlreadyExists), error

        self._run(go())

    @precondition(lambda self: self._companies_where("pending"))
    @rule(data=st.data())
    def verify_company(self, data: st.DataObject) -> None:
        company_id = self._pick(data, self._companies_where("pending"), list(self.companies))
        company = self.companies[company_id]
        expected = None if company.status == "pending" else InvalidTransition

        async def go() -> None:
            _, error = await self._attempt(
                self.world.app.commands.verify_company(VerifyCompany(company_id, actor=AN_ADMIN))
            )
            assert _outcome(error) is expected, (company, error)
            if error is None:
                company.status = "verified"

        self._run(go())

    @precondition(lambda self: self._companies_where("pending", "verified"))
    @rule(data=st.data(), settle=st.booleans())
    def suspend_company(self, data: st.DataObject, settle: bool) -> None:
        publishing = {self.postings[i].company_id for i in self._postings_where("published")}
        sensible = [i for i in self._companies_where("pending", "verified") if i in publishing]
        company_id = self._pick(
            data, sensible or self._companies_where("pending", "verified"), list(self.companies)
        )
        company = self.companies[company_id]
        expected = InvalidTransition if company.status == "suspended" else None

        async def go() -> None:
            await self._settle(settle)
            _, error = await self._attempt(
                self.world.app.commands.suspend_company(
                    SuspendCompany(company_id, "spam", actor=AN_ADMIN)
                )
            )
            assert _outcome(error) is expected, (company, error)
            if error is None:
                company.before_suspension, company.status = company.status, "suspended"

        self._run(go())

    @precondition(lambda self: self._companies_where("suspended"))
    @rule(data=st.data(), settle=st.booleans())
    def reinstate_company(self, data: st.DataObject, settle: bool) -> None:
        company_id = self._pick(data, self._companies_where("suspended"), list(self.companies))
        company = self.companies[company_id]
        expected = None if company.status == "suspended" else InvalidTransition

        async def go() -> None:
            await self._settle(settle)
            _, error = await self._attempt(
                self.world.app.commands.reinstate_company(
                    ReinstateCompany(company_id, actor=AN_ADMIN)
                )
            )
            assert _outcome(error) is expected, (company, error)
            if error is None:
                assert company.before_suspension is not None
                company.status, company.before_suspension = company.before_suspension, None

        self._run(go())

    @precondition(lambda self: self.companies)
    @rule(data=st.data(), name=st.sampled_from(NEW_COMPANY_NAMES), settle=st.booleans())
    def rename_company(self, data: st.DataObject, name: str, settle: bool) -> None:
        publishing = [self.postings[i].company_id for i in self._postings_where("published")]
        company_id = self._pick(data, publishing, list(self.companies))

        async def go() -> None:
            await self._settle(settle)
            await self.world.app.commands.update_company_profile(
                UpdateCompanyProfile(company_id, name=name)
            )
            self.companies[company_id].name = name

        self._run(go())

    # ------------------------------------------------------------ postings

    @initialize(
        name=st.sampled_from(COMPANY_NAMES),
        fields=posting_fields(min_requirements=1),
        validity=valid,
    )
    def open_for_business(
        self, name: str, fields: PostingFields, validity: timedelta | None
    ) -> None:
        """Start every run with a verified company and one published posting."""

        async def go() -> None:
            app = self.world.app
            registered = await app.commands.register_company(RegisterCompany(name, "GB"))
            await app.commands.verify_company(VerifyCompany(registered.company_id, actor=AN_ADMIN))
            self.companies[registered.company_id] = CompanyModel(name, slugify(name), "verified")
            posting_id = await self._draft(registered.company_id, fields)
            if posting_id is not None:
                await self._publish(posting_id, validity)

        self._run(go())

    @precondition(lambda self: self.companies)
    @rule(data=st.data(), fields=posting_fields())
    def draft_posting(self, data: st.DataObject, fields: PostingFields) -> None:
        company_id = self._pick(data, self._companies_where("verified"), list(self.companies))
        self._run(self._draft(company_id, fields))

    # It draws its values itself: hypothesis leans towards rules with few arguments, and
    # this is the one that keeps the board populated.
    @precondition(lambda self: self.companies)
    @rule(data=st.data())
    def draft_and_publish(self, data: st.DataObject) -> None:
        company_id = self._pick(data, self._companies_where("verified"), list(self.companies))
        fields = data.draw(posting_fields(), label="fields")
        validity = data.draw(st.sampled_from(VALIDITIES), label="validity")

        async def go() -> None:
            posting_id = await self._draft(company_id, fields)
            if posting_id is not None:
                await self._publish(posting_id, validity)

        self._run(go())

    async def _draft(self, company_id: CompanyId, fields: PostingFields) -> PostingId | None:
        posting_id, error = await self._attempt(
            self.world.app.commands.draft_posting(DraftPosting(company_id, fields))
        )
        if posting_id is not None:
            countries = {place.country for place in fields.locations}
            self.postings[posting_id] = PostingModel(
                company_id,
                fields.title,
                fields.language,
                frozenset(countries.union(fields.remote_countries)),
                fields.visa_sponsorship,
                frozenset({fields.language, *(w.language for w in fields.working_languages)}),
            )
        else:
            # Two of the names can be one catalogue entry (a name and its alias).
            assert isinstance(error, InvariantViolated), error
        return posting_id

    async def _publish(self, posting_id: PostingId, validity: timedelta | None) -> None:
        posting = self.postings[posting_id]
        now = self.now
        valid_through = None if validity is None else now + validity
        until = valid_through or now + timedelta(days=60)
        expected: type[DomainError] | None = None
        if posting.status not in ("draft", "rejected"):
            expected = InvalidTransition
        elif self.companies[posting.company_id].status != "verified":
            expected = CompanyCannotPublish
        elif not now < until <= now + timedelta(days=180):
            expected = InvariantViolated
        _, error = await self._attempt(
            self.world.app.commands.publish_posting(
                PublishPosting(posting.company_id, posting_id, valid_through)
            )
        )
        assert _outcome(error) is expected, (posting, error)
        if error is None and posting.status == "rejected":
            # A rejected posting is always reviewed again; it keeps the validity it asked for.
            posting.status, posting.valid_through = "in_review", valid_through
        elif error is None:
            posting.status, posting.published_at, posting.valid_through = "published", now, until

    @precondition(lambda self: self.postings)
    @rule(
        data=st.data(),
        title=st.none() | st.sampled_from(TITLES),
        requirements=st.none() | requirement_lists,
        visa=st.none() | st.sampled_from(SUPPORTS),
    )
    def revise_posting(
        self,
        data: st.DataObject,
        title: str | None,
        requirements: tuple[str, ...] | None,
        visa: str | None = None,
    ) -> None:
        posting_id = self._pick(data, self._postings_where(*EDITABLE), list(self.postings))
        posting = self.postings[posting_id]
        patch = PostingPatch(
            title=UNSET if title is None else title,
            requirements=(
                UNSET if requirements is None else tuple(RequirementInput(r) for r in requirements)
            ),
            visa_sponsorship=UNSET if visa is None else visa,
        )

        async def go() -> None:
            _, error = await self._attempt(
                self.world.app.commands.revise_posting(
                    RevisePosting(posting.company_id, posting_id, patch)
                )
            )
            if error is None:
                assert posting.status in EDITABLE, posting
                if not isinstance(patch.title, Unset):
                    posting.title = patch.title
                if not isinstance(patch.visa_sponsorship, Unset):
                    posting.visa_sponsorship = patch.visa_sponsorship
            elif posting.status in EDITABLE:
                assert isinstance(error, InvariantViolated), error
            else:
                # A final posting refuses any change as such, whatever the patch says.
                assert isinstance(error, InvalidTransition), error

        self._run(go())

    @precondition(lambda self: self._postings_where("draft"))
    @rule(data=st.data(), validity=st.sampled_from(VALIDITIES))
    def publish_posting(self, data: st.DataObject, validity: timedelta | None) -> None:
        sensible = [
            i
            for i in self._postings_where("draft")
            if self.companies[self.postings[i].company_id].status == "verified"
        ]
        posting_id = self._pick(data, sensible, list(self.postings))
        self._run(self._publish(posting_id, validity))

    @precondition(lambda self: self._postings_where("published"))
    @rule(data=st.data(), settle=st.booleans())
    def close_posting(self, data: st.DataObject, settle: bool) -> None:
        posting_id = self._pick(data, self._postings_where("published"), list(self.postings))
        posting = self.postings[posting_id]
        expected = None if posting.status == "published" else InvalidTransition

        async def go() -> None:
            await self._settle(settle)
            _, error = await self._attempt(
                self.world.app.commands.close_posting(ClosePosting(posting.company_id, posting_id))
            )
            assert _outcome(error) is expected, (posting, error)
            if error is None:
                posting.status = "closed"

        self._run(go())

    @precondition(lambda self: self.postings)
    @rule(data=st.data())
    def take_down_posting(self, data: st.DataObject) -> None:
        posting_id = self._pick(
            data, self._postings_where("published", "draft"), list(self.postings)
        )
        posting = self.postings[posting_id]
        expected = InvalidTransition if posting.status == "taken_down" else None

        async def go() -> None:
            _, error = await self._attempt(
                self.world.app.commands.take_down_posting(
                    TakeDownPosting(posting_id, "scam", actor=AN_ADMIN)
                )
            )
            assert _outcome(error) is expected, (posting, error)
            if error is None:
                posting.status, posting.open_reports = "taken_down", 0  # reports resolved

        self._run(go())

    # ------------------------------------------------------------ moderation

    @precondition(lambda self: self.postings)
    @rule(data=st.data(), address=st.integers(0, 3), settle=st.booleans())
    def report_posting(self, data: st.DataObject, address: int, settle: bool) -> None:
        posting_id = self._pick(data, sorted(self._visible()), list(self.postings))
        posting = self.postings[posting_id]
        expected: type[DomainError] | None = None
        if posting_id not in self._visible():
            expected = NotFound
        elif address in posting.reporters:
            expected = AlreadyExists

        async def go() -> None:
            await self._settle(settle)
            _, error = await self._attempt(
                self.world.app.commands.report_posting(
                    ReportPosting(posting_id, "scam", None, f"198.51.100.{address}")
                )
            )
            assert _outcome(error) is expected, (posting, error)
            if error is None:
                posting.reporters |= {address}
                posting.open_reports += 1
                if posting.open_reports >= REPORT_THRESHOLD:
                    posting.status = "in_review"

        self._run(go())

    @precondition(lambda self: self._postings_where("in_review"))
    @rule(data=st.data(), settle=st.booleans())
    def approve_posting(self, data: st.DataObject, settle: bool) -> None:
        posting_id = self._pick(data, self._postings_where("in_review"), list(self.postings))
        posting = self.postings[posting_id]
        expected: type[DomainError] | None = None
        if posting.status != "in_review":
            expected = InvalidTransition
        elif self.companies[posting.company_id].status != "verified":
            expected = CompanyCannotPublish

        async def go() -> None:
            await self._settle(settle)
            _, error = await self._attempt(
                self.world.app.commands.approve_posting(ApprovePosting(posting_id, actor=AN_ADMIN))
            )
            assert _outcome(error) is expected, (posting, error)
            if error is None:
                now, asked = self.now, posting.valid_through
                posting.status, posting.published_at = "published", now
                if asked is None or asked <= now:
                    posting.valid_through = now + timedelta(days=60)
                posting.open_reports = 0  # looked at, dismissed

        self._run(go())

    @precondition(lambda self: self._postings_where("in_review"))
    @rule(data=st.data())
    def reject_posting(self, data: st.DataObject) -> None:
        posting_id = self._pick(data, self._postings_where("in_review"), list(self.postings))
        posting = self.postings[posting_id]
        expected = None if posting.status == "in_review" else InvalidTransition

        async def go() -> None:
            _, error = await self._attempt(
                self.world.app.commands.reject_posting(
                    RejectPosting(posting_id, "misleading", "not the pay", actor=AN_ADMIN)
                )
            )
            assert _outcome(error) is expected, (posting, error)
            if error is None:
                posting.status = "rejected"

        self._run(go())

    @precondition(lambda self: self._postings_where("rejected"))
    @rule(data=st.data(), validity=st.sampled_from(VALIDITIES))
    def resubmit_posting(self, data: st.DataObject, validity: timedelta | None) -> None:
        posting_id = data.draw(st.sampled_from(self._postings_where("rejected")))
        self._run(self._publish(posting_id, validity))

    @rule(step=st.sampled_from(CLOCK_STEPS))
    def let_time_pass(self, step: timedelta) -> None:
        self.world.clock.advance(step)

    @rule(batch_size=st.integers(1, 3))
    def expire_postings(self, batch_size: int) -> None:
        due = [
            p
            for p in self.postings.values()
            if p.status == "published" and p.valid_through and p.valid_through <= self.now
        ]

        async def go() -> None:
            expired = await self.world.app.commands.expire_postings(
                ExpirePostings(batch_size, actor=AN_ADMIN)
            )
            assert expired == len(due)
            for posting in due:
                posting.status = "expired"

        self._run(go())

    # ------------------------------------------------------------ requirement catalogue

    @rule(
        name=st.sampled_from(REQUIREMENT_NAMES),
        kind=st.sampled_from(KINDS),
        aliases=st.lists(st.sampled_from(ALIASES), max_size=2, unique=True).map(tuple),
        settle=st.booleans(),
    )
    def add_requirement(self, name: str, kind: str, aliases: tuple[str, ...], settle: bool) -> None:
        async def go() -> None:
            await self._settle(settle)
            await self._attempt(
                self.world.app.commands.add_requirement(
                    AddRequirement(name, kind, aliases, actor=AN_ADMIN)
                )
            )

        self._run(go())

    @rule(
        data=st.data(),
        name=st.sampled_from((*REQUIREMENT_NAMES, "PostgreSQL 17", "Go (lang)")),
        settle=st.booleans(),
    )
    def rename_requirement(self, data: st.DataObject, name: str, settle: bool) -> None:
        async def go() -> None:
            await self._settle(settle)
            catalogue = await self._catalogue()
            if catalogue.everything:
                target = self._pick(data, catalogue.public, catalogue.everything)
                await self._attempt(
                    self.world.app.commands.rename_requirement(
                        RenameRequirement(target, name, actor=AN_ADMIN)
                    )
                )

        self._run(go())

    @rule(
        data=st.data(),
        aliases=st.lists(st.sampled_from(ALIASES), min_size=1, max_size=2, unique=True).map(tuple),
        settle=st.booleans(),
    )
    def alias_requirement(
        self, data: st.DataObject, aliases: tuple[str, ...], settle: bool
    ) -> None:
        async def go() -> None:
            await self._settle(settle)
            catalogue = await self._catalogue()
            if catalogue.everything:
                target = self._pick(data, catalogue.public, catalogue.everything)
                await self._attempt(
                    self.world.app.commands.alias_requirement(
                        AliasRequirement(target, aliases, actor=AN_ADMIN)
                    )
                )

        self._run(go())

    @rule(data=st.data(), settle=st.booleans())
    def merge_requirements(self, data: st.DataObject, settle: bool) -> None:
        async def go() -> None:
            await self._settle(settle)
            catalogue = await self._catalogue()
            if len(catalogue.everything) >= 2:
                source = self._pick(data, catalogue.public, catalogue.everything)
                into = self._pick(
                    data, [i for i in catalogue.live if i != source], catalogue.everything
                )
                await self._attempt(
                    self.world.app.commands.merge_requirements(
                        MergeRequirements(source, into, actor=AN_ADMIN)
                    )
                )

        self._run(go())

    # ------------------------------------------------------------ the read side

    @rule(batch_size=st.integers(1, 4))
    def project_one_batch(self, batch_size: int) -> None:
        self._run(self.world.projector(batch_size).run_once())

    @rule()
    def sweep_lapsed_postings(self) -> None:
        """The projector's upkeep takes the postings lapsed by the database's clock out of
        the counts; the example's clock may be behind or ahead of it, and the counts
        read at the example's clock must not care."""
        self._run(self.world.projector().tend())

    @rule(settle=st.booleans())
    def rebuild_read_models(self, settle: bool) -> None:
        """Rebuild, with the outbox drained first or with events still waiting."""

        async def go() -> None:
            await self._settle(settle)
            await self.world.app.commands.rebuild_read_models(RebuildReadModels(actor=AN_ADMIN))

        self._run(go())

    @rule(poll_interval=st.sampled_from((0.001, 0.01)))
    def toggle_background_projector(self, poll_interval: float) -> None:
        """A projector that runs while the following commands commit, and then stops."""
        if self.background is None:
            self._run(self._start_background(poll_interval))
        else:
            self._run(self._stop_background())

    @rule(projectors=st.integers(1, 2), batch_size=st.integers(1, 5), page_size=st.integers(1, 4))
    def drain_and_check(self, projectors: int, batch_size: int, page_size: int) -> None:
        self._run(self._drain_and_check(projectors, batch_size, page_size))

    @rule()
    def aggregator_copies_the_board_afresh(self) -> None:
        """The aggregator drops its copy; its next sync reads the log from the start."""
        self.replica, self.sync_token = {}, None

    @invariant()
    def nothing_lapsed_or_unpublished_is_ever_listed(self) -> None:
        """Whatever the projector's lag: a posting never published, or past its
        valid_through, is not public (validity is checked when reading)."""

        async def go() -> None:
            page = await self.world.app.queries.list_public_postings(ListPublicPostings(limit=100))
            assert page.next_cursor is None, "more postings than one example makes"
            for summary in map(summary_of, page.items):
                posting = self.postings[PostingId(summary.id)]
                assert posting.valid_through is not None, f"never published: {summary}"
                assert self.now < posting.valid_through, f"lapsed: {summary}"

        self._run(go())

    def teardown(self) -> None:
        async def finish() -> None:
            await self._stop_background()
            if self.broken:
                return  # the failing step is the news; do not bury it under another
            await self._drain_and_check(2, 3, 3)
            await self._epilogue()

        self._run(finish())

    async def _epilogue(self) -> None:
        """Whatever state the run reached, put the moves the read side most easily gets
        wrong to a public posting, each projected in a batch of its own and checked."""
        visible = sorted(self._visible())
        if not visible:
            return
        commands = self.world.app.commands
        posting = self.postings[visible[0]]
        company = self.companies[posting.company_id]

        # Fold an entry a public posting asks for into another: the posting follows.
        catalogue = await self._catalogue()
        asked = [i for i in catalogue.public if i in catalogue.live]
        if asked:
            others = [i for i in catalogue.live if i != asked[0]]
            into = (
                others[0]
                if others
                else await commands.add_requirement(
                    AddRequirement("Fortran", "skill", actor=AN_ADMIN)
                )
            )
            await self._settle(True)
            await commands.merge_requirements(MergeRequirements(asked[0], into, actor=AN_ADMIN))
            await self._drain_and_check(1, 200, 100, details=False)

        # The company is suspended; then reinstated, and changes its name.
        await self._settle(True)
        await commands.suspend_company(SuspendCompany(posting.company_id, "fraud", actor=AN_ADMIN))
        company.before_suspension, company.status = company.status, "suspended"
        await self._drain_and_check(1, 200, 100, details=False)
        await commands.reinstate_company(ReinstateCompany(posting.company_id, actor=AN_ADMIN))
        await commands.update_company_profile(
            UpdateCompanyProfile(posting.company_id, name="Omega Works")
        )
        company.status, company.before_suspension, company.name = "verified", None, "Omega Works"
        await self._drain_and_check(1, 200, 100, details=False)

        # Let the first public posting lapse: it must vanish at that very instant, with
        # nothing projected (visibility in time is decided when reading).
        lapsing = [self.postings[i].valid_through for i in self._visible()]
        self.world.clock.current = min(v for v in lapsing if v is not None)
        await self._check_read_side(page_size=3, details=False)

    async def _start_background(self, poll_interval: float) -> None:
        projector = self.world.projector(poll_interval=poll_interval)
        stop = asyncio.Event()
        self.background = Background(stop, asyncio.create_task(projector.run(stop)))

    async def _stop_background(self) -> None:
        if self.background is not None:
            background, self.background = self.background, None
            background.stop.set()
            await background.task

    async def _drain_and_check(
        self, projectors: int, batch_size: int, page_size: int, details: bool = True
    ) -> None:
        await asyncio.gather(*(self.world.projector(batch_size).drain() for _ in range(projectors)))
        assert not self.world.projector_errors.records, self.world.projector_errors.records

        verification = await self.world.app.commands.verify_read_models(VerifyReadModels())
        assert verification.consistent, verification.differences
        assert verification.differences == ()
        await self._check_read_side(page_size, details)

    async def _check_read_side(self, page_size: int, details: bool = True) -> None:
        """What candidates see is what the model says they should."""
        listed = await self._public_postings(page_size)
        ids = [s.id for s in listed]
        assert len(ids) == len(set(ids)), "a posting was listed twice"
        assert set(ids) == self._visible(), "the public postings differ from the model's"
        keys = [(s.published_at, s.id) for s in listed]
        assert keys == sorted(keys, reverse=True), "not newest first"

        live, canonical = await self._requirements_on_the_write_side()
        for summary in listed:
            posting = self.postings[PostingId(summary.id)]
            assert summary.title == posting.title
            assert summary.company.name == self.companies[posting.company_id].name
            assert summary.published_at == posting.published_at
            assert summary.valid_through == posting.valid_through
            assert summary.requirements == canonical.get(summary.id, ())

        visible = self._visible()
        known = list(self.postings) if details else []
        found = await asyncio.gather(*(self._detail(i) for i in known))
        for posting_id, detail in zip(known, found, strict=True):
            if detail is None:
                assert posting_id not in visible, f"visible posting {posting_id} has no detail"
            else:
                assert posting_id in visible, f"hidden posting {posting_id} has a detail"
                assert detail.title == self.postings[posting_id].title
                assert detail.visa_sponsorship == self.postings[posting_id].visa_sponsorship
        await self._check_fact_filters(visible, page_size)

        await self._check_directory(visible, live, canonical)
        await self._check_replica(visible)

    async def _check_replica(self, visible: set[PostingId]) -> None:
        """An aggregator that replays the changes since its last token (a few a page) holds
        what candidates see: the same postings, titles and company names (those past
        valid_through left at that instant; their tombstones come with the expiry)."""
        while True:
            page = await self.world.app.queries.list_posting_changes(
                ListPostingChanges(self.sync_token, limit=3)
            )
            for change in page.changes:
                if change.change == "removed":
                    self.replica.pop(change.posting_id, None)
                else:
                    assert change.summary_json is not None, f"no posting for {change}"
                    self.replica[change.posting_id] = json.loads(change.summary_json)
            self.sync_token = page.next_token
            if not page.more:
                break
        live = {
            PostingId(posting_id)
            for posting_id, copy in self.replica.items()
            if datetime.fromisoformat(copy["valid_through"].replace("Z", "+00:00")) > self.now
        }
        assert live == visible, "the replayed copy differs from the public board"
        for posting_id in live:
            posting = self.postings[posting_id]
            assert self.replica[posting_id]["title"] == posting.title
            assert (
                self.replica[posting_id]["company"]["name"]
                == self.companies[posting.company_id].name
            )

    async def _detail(self, posting_id: PostingId) -> PostingDetail | None:
        try:
            return await self.world.app.queries.get_public_posting(GetPublicPosting(posting_id))
        except NotFound:
            return None

    async def _check_directory(
        self,
        visible: set[PostingId],
        live: dict[UUID, str],
        canonical: dict[UUID, tuple[str, ...]],
    ) -> None:
        """Company pages, countries, languages and requirement counts agree with the model."""
        queries = self.world.app.queries
        for company_id, company in self.companies.items():
            try:
                page = await queries.get_public_company(GetPublicCompany(company.slug))
            except NotFound:
                assert company.status != "verified", f"no page for verified {company}"
            else:
                assert company.status == "verified", f"a page for {company}"
                assert page.name == company.name
                assert page.open_postings == sum(
                    1 for i in visible if self.postings[i].company_id == company_id
                )

        languages = Counter(self.postings[i].language for i in visible)
        listed_languages = await queries.list_languages(ListLanguages())
        assert {row.language: row.postings for row in listed_languages} == languages

        for language in (None, "en", "fr", "de"):
            countries = Counter(
                country
                for i in visible
                if language in (None, self.postings[i].language)
                for country in self.postings[i].countries
            )
            listed_countries = await queries.list_countries(ListCountries(language))
            assert {row.country: row.postings for row in listed_countries} == countries, language

        asked = {
            requirement_id: sum(1 for i in visible if name in canonical.get(i, ()))
            for requirement_id, name in live.items()
        }
        # An employer's proposal (pending) is public only while a public posting asks for it.
        for requirement_id in list(asked):
            entry = await queries.get_catalogue_entry(
                GetCatalogueEntry(RequirementId(requirement_id))
            )
            if entry.status == "pending" and not asked[requirement_id]:
                del asked[requirement_id]
        listed_requirements = await queries.list_requirements(ListRequirements(limit=200))
        assert {row.id: row.postings for row in listed_requirements} == asked

    async def _check_fact_filters(self, visible: set[PostingId], page_size: int) -> None:
        """The facts' filters find what the model says: by visa sponsorship, and by a
        working language, which the posting's own language counts as."""
        for support in SUPPORTS:
            found = await self._public_postings(page_size, PostingFilters(visa_sponsorship=support))
            wanted = {i for i in visible if self.postings[i].visa_sponsorship == support}
            assert {s.id for s in found} == wanted, f"visa_sponsorship={support}"
        for code in ("de", "en"):
            found = await self._public_postings(page_size, PostingFilters(working_language=code))
            wanted = {i for i in visible if code in self.postings[i].spoken_languages}
            assert {s.id for s in found} == wanted, f"working_language={code}"

    async def _public_postings(
        self, page_size: int, filters: PostingFilters | None = None
    ) -> list[PostingSummary]:
        listed: list[PostingSummary] = []
        cursor: str | None = None
        for _ in range(200):
            page = await self.world.app.queries.list_public_postings(
                ListPublicPostings(filters or PostingFilters(), limit=page_size, cursor=cursor)
            )
            listed.extend(map(summary_of, page.items))
            cursor = page.next_cursor
            if cursor is None:
                return listed
        raise AssertionError("the listing never ends")

    async def _requirements_on_the_write_side(
        self,
    ) -> tuple[dict[UUID, str], dict[UUID, tuple[str, ...]]]:
        """The live catalogue entries' names, and each posting's requirement names in order,
        following merges: computed in Python from the write side, apart from the
        projections' SQL."""
        async with self.world.container.engine().connect() as connection:
            entries = {
                row.id: (row.name, row.merged_into)
                for row in await connection.execute(
                    text("SELECT id, name, merged_into FROM requirements")
                )
            }
            asked = (
                await connection.execute(
                    text(
                        "SELECT posting_id, requirement_id FROM posting_requirements"
                        " ORDER BY posting_id, position"
                    )
                )
            ).all()

        def canonical(requirement_id: UUID) -> str:
            for _ in range(len(entries) + 1):
                name, merged_into = entries[requirement_id]
                if merged_into is None:
                    return str(name)
                requirement_id = merged_into
            raise AssertionError("a merge cycle in the catalogue")

        names: dict[UUID, tuple[str, ...]] = {}
        for posting_id, requirement_id in asked:
            names[posting_id] = (*names.get(posting_id, ()), canonical(requirement_id))
        live = {i: str(name) for i, (name, merged_into) in entries.items() if merged_into is None}
        return live, names


def test_random_command_sequences_leave_the_read_models_consistent(database_url: str) -> None:
    records = _Records()
    projector_log = logging.getLogger("adapters.postgres.projector")
    projector_log.addHandler(records)
    with asyncio.Runner() as runner:
        container = Container(
            settings=Settings(
                database_url=database_url,
                run_projector=False,
                # Moderation: no new-company review; two open reports send a posting back.
                moderation_new_company_days=0,
                moderation_report_threshold=REPORT_THRESHOLD,
            ),
            database_url=database_url,
        )
        clock, ids = FixedClock(START), ResettableIds()
        # Before the first container.application(): the handlers take these when made.
        container.clock.override(providers.Object(clock))
        container.ids.override(providers.Object(ids))
        world = World(runner, container, clock, ids, records)

        class Machine(ReadModelMachine):
            pass

        Machine.world = world
        try:
            run_state_machine_as_test(
                Machine,
                settings=settings(
                    max_examples=25,
                    stateful_step_count=30,
                    deadline=None,
                    database=None,
                    # No explain phase: tracing every line of a PostgreSQL run is slow.
                    phases=[
                        Phase.explicit,
                        Phase.reuse,
                        Phase.generate,
                        Phase.target,
                        Phase.shrink,
                    ],
                    suppress_health_check=[HealthCheck.too_slow],
                ),
            )
        finally:
            projector_log.removeHandler(records)
            runner.run(release(container))
