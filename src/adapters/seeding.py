"""The board's seed data: reading seeds/*.toml and loading it through the real use cases.

``read_seeds`` turns the three TOML files into plain values (and refuses files
that are malformed or that refer to what they do not define). ``load_seeds``
puts them on the board through the same command handlers an admin and an
employer use, so the outbox, the projector and the read models see the seeded
board exactly as they see any other, and it is idempotent:

- a catalogue entry is already present when its name (or, failing that, one of
  its aliases) already names a live entry; it then only learns the aliases it
  lacks. A pending entry (proposed by an employer) by that name is approved;
- a company is already present when a company with the slug of its name exists.
  A pending one is verified; a suspended one is left alone, with its postings;
- a posting is already present when its company already has a posting with the
  same title, in whatever status: the loader never republishes a posting that
  was closed, expired or taken down. A draft left by an interrupted run is
  published.

A second run therefore changes nothing and writes nothing to the outbox.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.catalogue import Application
from application.commands.company_status import VerifyCompany
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import (
    LocationInput,
    PostingFields,
    RequirementInput,
    SalaryInput,
)
from application.commands.posting_lifecycle import PublishPosting
from application.commands.register_company import RegisterCompany
from application.commands.requirement_catalogue import AddRequirement, AliasRequirement
from application.queries.employer_views import ListOwnPostings
from application.queries.lookups import (
    FindCatalogueEntry,
    FindCompanyBySlug,
)
from domain.company import slugify
from domain.errors import InvariantViolated
from domain.ids import CompanyId, PostingId, RequirementId
from domain.requirement import RequirementKind, normalise_term

SEED_FILES = ("companies.toml", "requirements.toml", "postings.toml")

T = TypeVar("T")


class SeedError(Exception):
    """The seed files are malformed or inconsistent; the message says where."""


# What the seed files say


@dataclass(frozen=True, slots=True)
class CompanySeed:
    key: str
    name: str
    country: str
    website: str | None = None
    description: str = ""

    @property
    def slug(self) -> str:
        return slugify(self.name)


@dataclass(frozen=True, slots=True)
class RequirementSeed:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PostingSeed:
    company: str  # the key of a CompanySeed
    source: str  # the raw text it was derived from, relative to the seeds directory
    fields: PostingFields


@dataclass(frozen=True, slots=True)
class Seeds:
    companies: tuple[CompanySeed, ...]
    requirements: tuple[RequirementSeed, ...]
    postings: tuple[PostingSeed, ...]


# Reading them


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SeedError(f"{path}: no such seed file") from None
    except tomllib.TOMLDecodeError as error:
        raise SeedError(f"{path}: {error}") from None


def _get(table: dict[str, Any], key: str, kind: type[T], where: str, default: Any = ...) -> T:
    if key not in table:
        if default is ...:
            raise SeedError(f"{where}: {key} is missing")
        value: T = default
        return value
    found = table[key]
    if not isinstance(found, kind) or (isinstance(found, bool) and kind is not bool):
        raise SeedError(f"{where}: {key} must be a {kind.__name__}")
    return found


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    values = _get(table, key, list, where, [])
    if not all(isinstance(v, str) for v in values):
        raise SeedError(f"{where}: {key} must be a list of strings")
    return tuple(values)


def _tables(table: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    values = _get(table, key, list, where, [])
    if not all(isinstance(v, dict) for v in values):
        raise SeedError(f"{where}: {key} must be a list of tables")
    return values


def _only(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise SeedError(f"{where}: unknown keys {', '.join(unknown)}")


def _decimal(value: object, where: str) -> Decimal:
    # Amounts are written as strings ("11670.34") so that they stay exact.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise SeedError(f'{where} must be a string such as "11670.34" or an integer')
    try:
        return Decimal(value)
    except InvalidOperation:
        raise SeedError(f"{where} is not a number: {value!r}") from None


def _company(table: dict[str, Any], where: str) -> CompanySeed:
    _only(table, {"key", "name", "country", "website", "description"}, where)
    return CompanySeed(
        key=_get(table, "key", str, where),
        name=_get(table, "name", str, where),
        country=_get(table, "country", str, where),
        website=_get(table, "website", str, where, None),
        description=_get(table, "description", str, where, ""),
    )


def _requirement(table: dict[str, Any], kind: str, where: str) -> RequirementSeed:
    _only(table, {"name", "aliases"}, where)
    return RequirementSeed(
        name=_get(table, "name", str, where),
        kind=kind,
        aliases=_strings(table, "aliases", where),
    )


def _posting_requirement(table: dict[str, Any], where: str) -> RequirementInput:
    _only(table, {"name", "importance", "min_years", "detail"}, where)
    return RequirementInput(
        name=_get(table, "name", str, where),
        importance=_get(table, "importance", str, where, "must"),
        min_years=_get(table, "min_years", int, where, None),
        detail=_get(table, "detail", str, where, None),
    )


def _salary(table: dict[str, Any] | None, where: str) -> SalaryInput | None:
    if table is None:
        return None
    where = f"{where}.salary"
    _only(table, {"min", "max", "currency", "period"}, where)
    return SalaryInput(
        min=_decimal(table.get("min"), f"{where}.min"),
        max=_decimal(table.get("max"), f"{where}.max"),
        currency=_get(table, "currency", str, where),
        period=_get(table, "period", str, where),
    )


def _location(table: dict[str, Any], where: str) -> LocationInput:
    _only(table, {"country", "city"}, where)
    return LocationInput(_get(table, "country", str, where), _get(table, "city", str, where, None))


POSTING_KEYS = {
    "source",
    "company",
    "title",
    "description",
    "language",
    "locations",
    "workplace",
    "employment_type",
    "seniority",
    "salary",
    "responsibilities",
    "benefits",
    "requirements",
    "remote_countries",
}


def _posting(table: dict[str, Any], where: str) -> PostingSeed:
    _only(table, POSTING_KEYS, where)
    fields = PostingFields(
        title=_get(table, "title", str, where),
        description=_get(table, "description", str, where),
        language=_get(table, "language", str, where),
        locations=tuple(
            _location(t, f"{where}.locations[{i}]")
            for i, t in enumerate(_tables(table, "locations", where))
        ),
        workplace=_get(table, "workplace", str, where),
        employment_type=_get(table, "employment_type", str, where),
        seniority=_get(table, "seniority", str, where, None),
        salary=_salary(_get(table, "salary", dict, where, None), where),
        responsibilities=_strings(table, "responsibilities", where),
        benefits=_strings(table, "benefits", where),
        requirements=tuple(
            _posting_requirement(t, f"{where}.requirements[{i}]")
            for i, t in enumerate(_tables(table, "requirements", where))
        ),
        remote_countries=_strings(table, "remote_countries", where),
    )
    return PostingSeed(
        company=_get(table, "company", str, where),
        source=_get(table, "source", str, where),
        fields=fields,
    )


def _cross_check(seeds: Seeds, seeds_dir: Path) -> None:
    """Refuse seeds that refer to what they do not define, so nothing half-loads."""
    keys = [c.key for c in seeds.companies]
    slugs = [c.slug for c in seeds.companies]
    if len(set(keys)) != len(keys) or len(set(slugs)) != len(slugs):
        raise SeedError("companies.toml: two companies share a key or a name")
    owner: dict[str, str] = {}
    for seed in seeds.requirements:
        where = f"requirements.toml: {seed.name!r}"
        for name in (seed.name, *seed.aliases):
            try:
                term = normalise_term(name)
            except InvariantViolated as error:
                raise SeedError(f"{where}: {error.message}") from None
            if owner.setdefault(term, seed.name) != seed.name:
                raise SeedError(f"{where}: {name!r} already names {owner[term]!r}")
    for posting in seeds.postings:
        where = f"postings.toml: {posting.fields.title!r}"
        if posting.company not in keys:
            raise SeedError(f"{where}: no company with key {posting.company!r}")
        if not (seeds_dir / posting.source).is_file():
            raise SeedError(f"{where}: source {posting.source!r} is not a file in {seeds_dir}")
        for wanted in posting.fields.requirements:
            if normalise_term(wanted.name) not in owner:
                raise SeedError(f"{where}: {wanted.name!r} is not in requirements.toml")


def read_seeds(seeds_dir: Path) -> Seeds:
    """The seed files in ``seeds_dir`` as plain values, or SeedError saying what is wrong."""
    companies = _load_toml(seeds_dir / "companies.toml")
    catalogue = _load_toml(seeds_dir / "requirements.toml")
    postings = _load_toml(seeds_dir / "postings.toml")
    _only(companies, {"company"}, "companies.toml")
    _only(catalogue, {kind.value for kind in RequirementKind}, "requirements.toml")
    _only(postings, {"posting"}, "postings.toml")
    seeds = Seeds(
        companies=tuple(
            _company(t, f"companies.toml: company[{i}]")
            for i, t in enumerate(_tables(companies, "company", "companies.toml"))
        ),
        requirements=tuple(
            _requirement(t, kind.value, f"requirements.toml: {kind.value}[{i}]")
            for kind in RequirementKind
            for i, t in enumerate(_tables(catalogue, kind.value, "requirements.toml"))
        ),
        postings=tuple(
            _posting(t, f"postings.toml: posting[{i}]")
            for i, t in enumerate(_tables(postings, "posting", "postings.toml"))
        ),
    )
    _cross_check(seeds, seeds_dir)
    return seeds


# Loading them


@dataclass
class SeedReport:
    """What a run of the loader did, by name."""

    companies_created: list[str] = field(default_factory=list)
    companies_present: list[str] = field(default_factory=list)
    companies_verified: list[str] = field(default_factory=list)
    requirements_created: list[str] = field(default_factory=list)
    requirements_present: list[str] = field(default_factory=list)
    requirements_aliased: list[str] = field(default_factory=list)
    postings_created: list[str] = field(default_factory=list)  # drafted and published
    postings_published: list[str] = field(default_factory=list)  # an earlier run's draft
    postings_present: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.companies_created
            or self.companies_verified
            or self.requirements_created
            or self.requirements_aliased
            or self.postings_created
            or self.postings_published
        )

    def render(self) -> str:
        lines = [
            f"companies:    {len(self.companies_created)} created, "
            f"{len(self.companies_present)} already present, "
            f"{len(self.companies_verified)} verified",
            f"requirements: {len(self.requirements_created)} created, "
            f"{len(self.requirements_present)} already present, "
            f"{len(self.requirements_aliased)} given more aliases",
            f"postings:     {len(self.postings_created)} created and published, "
            f"{len(self.postings_published)} published from an earlier draft, "
            f"{len(self.postings_present)} already present",
        ]
        lines += [f"  + {label}" for label in self.postings_created + self.postings_published]
        lines += [f"  = {label}" for label in self.postings_present]
        lines += [f"note: {note}" for note in self.notes]
        lines.append("the board already had every seed" if not self.changed else "seeded")
        return "\n".join(lines)


class _Loader:
    def __init__(self, app: Application, report: SeedReport) -> None:
        self._app = app
        self._report = report
        self._find_company = app.queries.find_company_by_slug
        self._find_entry = app.queries.find_catalogue_entry

    async def _free_aliases(
        self, seed: RequirementSeed, owner: RequirementId | None
    ) -> tuple[str, ...]:
        """The seed's aliases that no other entry answers to already."""
        free: list[str] = []
        for alias in seed.aliases:
            entry = await self._find_entry(FindCatalogueEntry(alias))
            if entry is None:
                free.append(alias)
            elif entry.id != owner:
                self._report.notes.append(
                    f"alias {alias!r} of {seed.name!r} already names {entry.name!r}; left there"
                )
        return tuple(free)

    async def requirement(self, seed: RequirementSeed) -> None:
        entry = await self._find_entry(FindCatalogueEntry(seed.name))
        if entry is None:
            for alias in seed.aliases:
                entry = await self._find_entry(FindCatalogueEntry(alias))
                if entry is not None:
                    break
        if entry is None or (
            entry.status == "pending" and normalise_term(entry.name) == normalise_term(seed.name)
        ):
            # New, or an employer's proposal of this very name: AddRequirement approves it.
            aliases = await self._free_aliases(seed, RequirementId(entry.id) if entry else None)
            await self._app.commands.add_requirement(AddRequirement(seed.name, seed.kind, aliases))
            self._report.requirements_created.append(seed.name)
            return
        self._report.requirements_present.append(seed.name)
        known = {normalise_term(entry.name), *entry.aliases}
        missing = [a for a in seed.aliases if normalise_term(a) not in known]
        if missing:
            wanted = RequirementSeed(seed.name, seed.kind, tuple(missing))
            aliases = await self._free_aliases(wanted, RequirementId(entry.id))
            if aliases:
                await self._app.commands.alias_requirement(
                    AliasRequirement(RequirementId(entry.id), aliases)
                )
                self._report.requirements_aliased.append(seed.name)

    async def company(self, seed: CompanySeed) -> CompanyId | None:
        """The company's id, or None when it may not publish (suspended)."""
        found = await self._find_company(FindCompanyBySlug(seed.slug))
        if found is None:
            registered = await self._app.commands.register_company(
                RegisterCompany(seed.name, seed.country, seed.website, seed.description)
            )
            # The employer key it comes with is not kept: an admin can issue another.
            company_id, status = registered.company_id, "pending"
            self._report.companies_created.append(seed.name)
        else:
            company_id, status = CompanyId(found.id), found.status
            self._report.companies_present.append(seed.name)
        if status == "pending":
            await self._app.commands.verify_company(VerifyCompany(company_id))
            self._report.companies_verified.append(seed.name)
        elif status != "verified":
            self._report.notes.append(f"{seed.name} is {status}; its seed postings are skipped")
            return None
        return company_id

    async def posting(self, seed: PostingSeed, company: CompanySeed, company_id: CompanyId) -> None:
        label = f"{seed.fields.title} at {company.name}"
        title = seed.fields.title.strip()
        own = await self._app.queries.list_own_postings(ListOwnPostings(company_id))
        same = [p for p in own if p.title == title]
        if any(p.status != "draft" for p in same):
            status = next(p.status for p in same if p.status != "draft")
            self._report.postings_present.append(
                label if status == "published" else f"{label} ({status})"
            )
            return
        if same:
            posting_id = PostingId(same[0].id)
            self._report.postings_published.append(label)
        else:
            posting_id = await self._app.commands.draft_posting(
                DraftPosting(company_id, seed.fields)
            )
            self._report.postings_created.append(label)
        await self._app.commands.publish_posting(PublishPosting(company_id, posting_id))


async def load_seeds(app: Application, seeds_dir: Path) -> SeedReport:
    """Put the seeds in ``seeds_dir`` on the board, adding only what it lacks.

    Every change goes through the application's command handlers, and two look-ups
    find what earlier runs created (by name and slug). The catalogue comes first, so
    the postings' requirements resolve to curated entries instead of being proposed
    as new ones.
    """
    seeds = read_seeds(seeds_dir)
    report = SeedReport()
    loader = _Loader(app, report)
    for requirement in seeds.requirements:
        await loader.requirement(requirement)
    company_ids: dict[str, CompanyId | None] = {}
    for company in seeds.companies:
        company_ids[company.key] = await loader.company(company)
    companies = {c.key: c for c in seeds.companies}
    for posting in seeds.postings:
        company_id = company_ids[posting.company]
        if company_id is not None:
            await loader.posting(posting, companies[posting.company], company_id)
    return report


async def board_has_companies(engine: AsyncEngine) -> bool:
    """Whether any company is registered: a board without one is a new, empty board."""
    async with engine.connect() as connection:
        found = await connection.scalar(text("SELECT EXISTS (SELECT 1 FROM companies)"))
    return bool(found)
