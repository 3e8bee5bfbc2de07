"""The board's seed files: seeds/*.toml read into plain values, checked against each other.

``read_seeds`` turns the three TOML files into plain values and refuses files
that are malformed or that refer to what they do not define, so nothing
half-loads; ``adapters.seeding`` puts them on the board.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from application.commands.posting_input import (
    ApplicationMethodInput,
    LocationInput,
    PostingFields,
    RequirementInput,
    SalaryInput,
)
from domain.company import slugify
from domain.errors import InvariantViolated
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
    "application_method",
}


def _application_method(table: dict[str, Any] | None, where: str) -> ApplicationMethodInput | None:
    if table is None:
        return None
    where = f"{where}.application_method"
    _only(table, {"kind", "url", "email"}, where)
    return ApplicationMethodInput(
        kind=_get(table, "kind", str, where),
        url=_get(table, "url", str, where, None),
        email=_get(table, "email", str, where, None),
    )


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
        application_method=_application_method(
            _get(table, "application_method", dict, where, None), where
        ),
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
