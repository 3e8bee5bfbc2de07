"""The seed data (seeds/) and its loader: through the real use cases, idempotent, and on
the public board with every structured fact the four job descriptions give."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
from sqlalchemy import text

from adapters.container import Container
from adapters.postgres.company_presence import board_has_companies
from adapters.seed_files import SeedError, read_seeds
from adapters.seeding import load_seeds
from application.commands.company_status import SuspendCompany, VerifyCompany
from application.commands.draft_posting import DraftPosting
from application.commands.register_company import RegisterCompany
from application.commands.requirement_catalogue import AddRequirement
from application.queries.catalogue_views import GetCatalogueEntry
from application.queries.employer_views import ListOwnPostings
from application.queries.lookups import FindCatalogueEntry
from application.queries.public_postings import GetPublicPosting, ListPublicPostings
from application.views import PostingDetail
from builders import AN_ADMIN
from domain.company import CompanyProfile
from domain.ids import RequirementId
from domain.posting_values import (
    EmploymentType,
    Importance,
    Location,
    PostingDetails,
    PostingRequirement,
    SalaryPeriod,
    SalaryRange,
    Seniority,
    Workplace,
)
from domain.requirement import Requirement, RequirementKind
from e2e_support import eventually

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "seeds"
JOBBOARD = [sys.executable, "-m", "adapters.cli.main"]
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _environment(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    env.update(overrides)
    return env


async def _outbox_size(board: Container) -> int:
    async with board.engine().connect() as connection:
        size = await connection.scalar(text("SELECT count(*) FROM outbox"))
    return int(size or 0)


async def _public_board(board: Container) -> dict[str, PostingDetail]:
    """Every public posting in full, by "title at company-slug"."""
    app = board.application()
    page = await app.queries.list_public_postings(ListPublicPostings(limit=50))
    details = [
        await app.queries.get_public_posting(GetPublicPosting(item.posting_id))
        for item in page.items
    ]
    return {f"{d.title} at {d.company.slug}": d for d in details}


def _asks(detail: PostingDetail) -> dict[str, tuple[str, int | None]]:
    return {r.name: (r.importance, r.min_years) for r in detail.requirements}


# The files themselves


def test_the_seed_files_parse_into_valid_domain_values() -> None:
    seeds = read_seeds(SEEDS)

    assert {c.name for c in seeds.companies} == {
        "Coursera",
        "Busuu",
        "Confidential employer A",
        "Confidential employer B",
    }
    for company in seeds.companies:
        CompanyProfile(company.name, company.website, company.description, company.country)
    catalogue = {
        r.name: Requirement.add(
            RequirementId(uuid4()), r.name, RequirementKind(r.kind), NOW, r.aliases
        )
        for r in seeds.requirements
    }
    by_term = {term: entry for entry in catalogue.values() for term in entry.terms}
    assert len(by_term) == sum(len(entry.terms) for entry in catalogue.values())  # unique
    for term, canonical in [
        ("postgres", "PostgreSQL"),
        ("rails", "Ruby on Rails"),
        ("nodejs", "Node.js"),
        ("node", "Node.js"),
        ("ddd", "Domain-driven design"),
        ("kafka", "Kafka"),
        ("grpc", "gRPC"),
    ]:
        assert by_term[term].name == canonical
    assert catalogue["English"].kind is RequirementKind.LANGUAGE
    assert catalogue["Backend engineering"].kind is RequirementKind.EXPERIENCE

    assert sorted(p.source for p in seeds.postings) == sorted(
        f"raw/{f.name}" for f in (SEEDS / "raw").glob("*.txt")
    )
    assert len(seeds.postings) == 4
    for posting in seeds.postings:
        f = posting.fields
        details = PostingDetails(
            title=f.title,
            description=f.description,
            language=f.language,
            locations=tuple(Location(loc.country, loc.city) for loc in f.locations),
            workplace=Workplace(f.workplace),
            employment_type=EmploymentType(f.employment_type),
            seniority=Seniority(f.seniority) if f.seniority else None,
            salary=SalaryRange(
                f.salary.min,
                f.salary.max,
                f.salary.currency,
                SalaryPeriod(f.salary.period),
            )
            if f.salary
            else None,
            responsibilities=f.responsibilities,
            benefits=f.benefits,
            requirements=tuple(
                PostingRequirement(
                    by_term[r.name.casefold()].id,
                    Importance(r.importance),
                    r.min_years,
                    r.detail,
                )
                for r in f.requirements
            ),
            remote_countries=f.remote_countries,
        )
        assert details.language == "en"
        assert details.seniority == "senior"
        assert details.responsibilities

    pay = next(p.fields.salary for p in seeds.postings if p.fields.salary)
    assert (pay.min, pay.max, pay.currency, pay.period) == (
        Decimal("11670.34"),
        Decimal("14174.54"),
        "USD",
        SalaryPeriod.MONTH,
    )


def test_seed_files_that_ask_for_what_the_catalogue_lacks_are_refused(tmp_path: Path) -> None:
    broken = tmp_path / "seeds"
    shutil.copytree(SEEDS, broken)
    postings = broken / "postings.toml"
    postings.write_text(
        postings.read_text().replace('name = "Sidekiq"', 'name = "Sidekick"'), encoding="utf-8"
    )

    with pytest.raises(SeedError, match=r"'Sidekick' is not in requirements\.toml"):
        read_seeds(broken)


# Loading them through the use cases


async def test_seeding_a_new_board_publishes_the_four_postings_with_their_facts(
    board: Container,
) -> None:
    seeds = read_seeds(SEEDS)

    report = await load_seeds(board.application(), SEEDS, AN_ADMIN)
    await board.projector().drain()

    assert len(report.companies_created) == len(report.companies_verified) == 4
    assert len(report.requirements_created) == len(seeds.requirements)
    assert len(report.postings_created) == 4
    assert not (report.companies_present or report.requirements_present or report.notes)
    public = await _public_board(board)
    assert set(public) == {
        "Senior Backend Engineer at coursera",
        "Senior Software Engineer (Backend) at confidential-employer-a",
        "Senior Backend Engineer II at confidential-employer-b",
        "Senior Backend Engineer at busuu",
    }
    assert {d.language for d in public.values()} == {"en"}

    coursera = public["Senior Backend Engineer at coursera"]
    assert (coursera.workplace, coursera.employment_type) == ("remote", "full_time")
    assert coursera.remote_countries == ("US",)
    assert coursera.salary is None
    assert _asks(coursera)["Software engineering"] == ("must", 5)
    assert _asks(coursera)["Kafka"] == ("nice", None)
    assert "bonus and RSU equity programs" in coursera.benefits
    assert "This list contains only the countries" not in coursera.description

    in_person = public["Senior Software Engineer (Backend) at confidential-employer-a"]
    assert in_person.workplace == "onsite"
    assert [(loc.country, loc.city) for loc in in_person.locations] == [("US", None)]
    assert in_person.salary is not None
    assert (in_person.salary.min, in_person.salary.max) == (
        Decimal("11670.34"),
        Decimal("14174.54"),
    )
    assert (in_person.salary.currency, in_person.salary.period) == ("USD", "month")
    assert _asks(in_person)["Backend engineering"] == ("must", 5)
    assert _asks(in_person)["Bachelor's degree in Computer Science"] == ("must", None)
    assert _asks(in_person)["Terraform"] == ("nice", None)
    assert len(in_person.responsibilities) == 12

    remote = public["Senior Backend Engineer II at confidential-employer-b"]
    assert (remote.workplace, remote.locations, remote.remote_countries) == ("remote", (), ("DE",))
    assert _asks(remote)["Backend engineering"] == ("must", 9)
    assert _asks(remote)["PostgreSQL"] == ("must", None)
    assert _asks(remote)["Ruby on Rails"] == ("nice", None)
    assert _asks(remote)["Qdrant"] == ("nice", None)
    assert "VSOP (Virtual Stock Option Plan)" in remote.benefits

    busuu = public["Senior Backend Engineer at busuu"]
    assert busuu.workplace == "hybrid"
    assert [(loc.country, loc.city) for loc in busuu.locations] == [("GB", "London")]
    assert _asks(busuu)["Node.js"] == ("must", None)
    assert _asks(busuu)["REST"] == ("must", None)
    for practice in ("Domain-driven design", "Hexagonal architecture", "CQRS"):
        assert _asks(busuu)[practice] == ("nice", None)
    # No text names a way to apply: named employers' own websites, else the board.
    assert coursera.application_method == {"kind": "url", "url": "https://www.coursera.org"}
    assert busuu.application_method == {"kind": "url", "url": "https://www.busuu.com"}
    assert in_person.application_method == remote.application_method == {"kind": "board"}
    kinds = {r.name: r.kind for d in public.values() for r in d.requirements}
    assert kinds["Backend engineering"] == "experience"
    assert kinds["Bachelor's degree in Computer Science"] == "degree"


async def test_a_second_run_changes_nothing(board: Container) -> None:
    app = board.application()
    await load_seeds(app, SEEDS, AN_ADMIN)
    await board.projector().drain()
    outbox_before = await _outbox_size(board)
    public_before = await _public_board(board)

    again = await load_seeds(app, SEEDS, AN_ADMIN)
    await board.projector().drain()

    assert not again.changed
    assert (again.companies_created, again.requirements_created, again.postings_created) == (
        [],
        [],
        [],
    )
    assert len(again.companies_present) == 4
    assert len(again.requirements_present) == len(read_seeds(SEEDS).requirements)
    assert len(again.postings_present) == 4
    assert await _outbox_size(board) == outbox_before
    assert await _public_board(board) == public_before


async def test_a_partly_seeded_board_is_completed_not_duplicated(board: Container) -> None:
    """What an interrupted run, or an admin who got there first, leaves behind."""
    app = board.application()
    seeds = read_seeds(SEEDS)
    # An admin added PostgreSQL without the "psql" alias the seeds give it.
    await app.commands.add_requirement(
        AddRequirement("PostgreSQL", "skill", ("postgres",), actor=AN_ADMIN)
    )
    # Coursera signed up itself and awaits verification.
    await app.commands.register_company(RegisterCompany("Coursera", "US"))
    # An earlier run registered and verified Busuu and drafted its posting, then stopped.
    busuu = await app.commands.register_company(RegisterCompany("Busuu", "GB"))
    await app.commands.verify_company(VerifyCompany(busuu.company_id, actor=AN_ADMIN))
    busuu_posting = next(p for p in seeds.postings if p.company == "busuu")
    draft = await app.commands.draft_posting(DraftPosting(busuu.company_id, busuu_posting.fields))

    report = await load_seeds(app, SEEDS, AN_ADMIN)
    await board.projector().drain()

    assert "PostgreSQL" in report.requirements_present
    assert report.requirements_aliased == ["PostgreSQL"]
    assert sorted(report.companies_present) == ["Busuu", "Coursera"]
    assert "Coursera" in report.companies_verified
    assert report.postings_published == ["Senior Backend Engineer at Busuu"]
    assert len(report.postings_created) == 3
    postgres = await app.queries.find_catalogue_entry(FindCatalogueEntry("PSQL"))
    assert postgres is not None
    entry = await app.queries.get_catalogue_entry(GetCatalogueEntry(RequirementId(postgres.id)))
    assert set(entry.aliases) == {"postgres", "psql"}
    own = await app.queries.list_own_postings(ListOwnPostings(busuu.company_id))
    assert [(p.id, p.status) for p in own] == [(draft, "published")]
    assert len(await _public_board(board)) == 4


async def test_a_suspended_company_keeps_its_seed_postings_off_the_board(
    board: Container,
) -> None:
    app = board.application()
    held = await app.commands.register_company(RegisterCompany("Confidential employer B", "DE"))
    await app.commands.verify_company(VerifyCompany(held.company_id, actor=AN_ADMIN))
    await app.commands.suspend_company(
        SuspendCompany(held.company_id, "under review", actor=AN_ADMIN)
    )

    report = await load_seeds(app, SEEDS, AN_ADMIN)
    await board.projector().drain()

    assert report.notes == ["Confidential employer B is suspended; its seed postings are skipped"]
    assert len(report.postings_created) == 3
    assert await app.queries.list_own_postings(ListOwnPostings(held.company_id)) == []


async def test_a_board_has_companies_once_one_registers(board: Container) -> None:
    assert not await board_has_companies(board.engine())

    await board.application().commands.register_company(RegisterCompany("Acme", "GB"))

    assert await board_has_companies(board.engine())


# The command line


async def test_jobboard_seed_prints_what_it_did_and_a_rerun_adds_nothing(
    database_url: str, board: Container
) -> None:
    def seed() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*JOBBOARD, "seed", "--dir", str(SEEDS)],
            env=_environment(DATABASE_URL=database_url),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    first = await asyncio.to_thread(seed)

    assert "companies:    4 created, 0 already present, 4 verified" in first.stdout
    assert "postings:     4 created and published" in first.stdout
    assert "  + Senior Backend Engineer II at Confidential employer B" in first.stdout
    # The command projects what it wrote: the public board shows it without a running projector.
    assert len(await _public_board(board)) == 4

    second = await asyncio.to_thread(seed)

    assert "companies:    0 created, 4 already present, 0 verified" in second.stdout
    assert "0 created and published, 0 published from an earlier draft, 4 already present" in (
        second.stdout
    )
    assert "the board already had every seed" in second.stdout


def test_jobboard_seed_reports_a_missing_directory_and_fails(
    database_url: str, tmp_path: Path
) -> None:
    done = subprocess.run(
        [*JOBBOARD, "seed", "--dir", str(tmp_path / "nowhere")],
        env=_environment(DATABASE_URL=database_url),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert done.returncode == 1
    assert "companies.toml: no such seed file" in done.stderr
    assert "Traceback" not in done.stderr


async def test_serve_seeds_a_new_embedded_board(tmp_path: Path) -> None:
    """A newcomer's first `jobboard serve`: no DATABASE_URL, four real postings."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = await asyncio.create_subprocess_exec(
        *JOBBOARD,
        "serve",
        "--port",
        str(port),
        env=_environment(JOBBOARD_DATA_DIR=str(tmp_path / "board")),
        cwd=PROJECT,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:

            async def titles() -> list[str]:
                if process.returncode is not None:
                    raise AssertionError(f"serve exited with {process.returncode}")
                try:
                    response = await client.get("/v1/postings")
                except httpx.TransportError:
                    return []
                if response.status_code != 200:
                    return []
                return sorted(item["title"] for item in response.json()["items"])

            shown = await eventually(titles, lambda found: len(found) == 4, within=90)
    finally:
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), 30)
    assert returncode in (0, -signal.SIGTERM)
    assert shown == [
        "Senior Backend Engineer",
        "Senior Backend Engineer",
        "Senior Backend Engineer II",
        "Senior Software Engineer (Backend)",
    ]
