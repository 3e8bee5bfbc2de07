"""PostgreSQL repositories. They load and stage aggregates; the unit of work writes them.

Each unit of work has an identity map (``seen``): loading the same aggregate
twice gives the same object, and the version it was loaded at is what the
save checks against.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import JSON, bindparam, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.postgres import mapping
from adapters.postgres.tables import (
    api_keys,
    companies,
    posting_requirements,
    postings,
    requirement_terms,
    requirements,
)
from domain.aggregate import Aggregate
from domain.api_key import ApiKey
from domain.company import Company
from domain.errors import NotFound
from domain.ids import CompanyId, PostingId, RequirementId
from domain.posting import Posting
from domain.requirement import Requirement

NEW = -1  # the loaded version of an aggregate that is not in the database yet

IdentityMap = dict[UUID, tuple[Aggregate[Any], int]]
# The child rows (a posting's requirements, a requirement's terms) of each aggregate as
# loaded or last saved: the unit of work rewrites them only when they changed.
ChildRows = dict[UUID, list[dict[str, Any]]]


class _Repository:
    label = "aggregate"

    def __init__(
        self, connection: AsyncConnection, seen: IdentityMap, children: ChildRows | None = None
    ) -> None:
        self._db = connection
        self._seen = seen
        self._children: ChildRows = {} if children is None else children

    def _stage(self, aggregate: Aggregate[Any]) -> None:
        self._seen[aggregate.id] = (aggregate, NEW)

    def _known(self, aggregate_id: UUID) -> Any:
        entry = self._seen.get(aggregate_id)
        return entry[0] if entry else None

    def _remember(self, aggregate: Aggregate[Any]) -> Any:
        """Register a freshly loaded aggregate, unless this unit of work already holds it."""
        known = self._known(aggregate.id)
        if known is not None:
            return known
        self._seen[aggregate.id] = (aggregate, aggregate.version)
        return aggregate

    def _missing(self, aggregate_id: UUID) -> NotFound:
        return NotFound(f"{self.label} {aggregate_id} not found")


# Statements are built once: building one (and its cache key) costs more CPU than
# sending it, so each load binds its values into a statement made here.
_COMPANY_BY_ID = select(companies).where(companies.c.id == bindparam("id"))
_COMPANY_BY_SLUG = select(companies).where(companies.c.slug == bindparam("slug"))
_API_KEY_BY_ID = select(api_keys).where(api_keys.c.id == bindparam("id"))
_API_KEY_BY_HASH = select(api_keys).where(api_keys.c.key_hash == bindparam("key_hash"))
_LIVE_KEYS_OF_COMPANY = select(func.count()).where(
    api_keys.c.company_id == bindparam("company_id"), api_keys.c.revoked_at.is_(None)
)


class PostgresCompanyRepository(_Repository):
    label = "company"

    def add(self, company: Company) -> None:
        self._stage(company)

    async def get(self, company_id: CompanyId) -> Company:
        known: Company | None = self._known(company_id)
        if known is not None:
            return known
        row = (await self._db.execute(_COMPANY_BY_ID, {"id": company_id})).mappings().first()
        if row is None:
            raise self._missing(company_id)
        company: Company = self._remember(mapping.company_from_row(row))
        return company

    async def find_by_slug(self, slug: str) -> Company | None:
        row = (await self._db.execute(_COMPANY_BY_SLUG, {"slug": slug})).mappings().first()
        if row is None:
            return None
        # One unit of work holds one object per aggregate, however it was found.
        company: Company = self._remember(mapping.company_from_row(row))
        return company


_pr = posting_requirements.c
# A posting's requirement rows as one JSON array of [position, requirement id, importance,
# min years, detail], read in the posting's own row.
_REQUIREMENT_ROWS = (
    select(
        func.coalesce(
            func.json_agg(
                func.json_build_array(
                    _pr.position, _pr.requirement_id, _pr.importance, _pr.min_years, _pr.detail
                )
            ),
            literal_column("'[]'::json"),
            type_=JSON,
        )
    )
    .where(_pr.posting_id == postings.c.id)
    .correlate(postings)
    .scalar_subquery()
    .label("requirement_rows")
)
_POSTING_BY_ID = select(postings, _REQUIREMENT_ROWS).where(postings.c.id == bindparam("id"))
_POSTINGS_OF_COMPANY = (
    select(postings, _REQUIREMENT_ROWS)
    .where(postings.c.company_id == bindparam("company_id"))
    .order_by(postings.c.created_at.desc(), postings.c.id.desc())
)

# A company's postings ever published or submitted for review (moderation's "first N").
_SUBMITTED_OF_COMPANY = select(func.count()).where(
    postings.c.company_id == bindparam("company_id"),
    postings.c.id != bindparam("excluding"),
    postings.c.status != "draft",
)


class PostgresPostingRepository(_Repository):
    label = "posting"

    def add(self, posting: Posting) -> None:
        self._stage(posting)

    async def get(self, posting_id: PostingId) -> Posting:
        known: Posting | None = self._known(posting_id)
        if known is not None:
            return known
        loaded = await self._load(_POSTING_BY_ID, {"id": posting_id})
        if not loaded:
            raise self._missing(posting_id)
        return loaded[0]

    async def list_for_company(self, company_id: CompanyId) -> list[Posting]:
        return await self._load(_POSTINGS_OF_COMPANY, {"company_id": company_id})

    async def ids_past_validity(self, now: datetime, limit: int) -> list[PostingId]:
        result = await self._db.execute(
            select(postings.c.id)
            .where(postings.c.status == "published", postings.c.valid_through <= now)
            .order_by(postings.c.valid_through, postings.c.id)
            .limit(limit)
        )
        return [PostingId(i) for i in result.scalars()]

    async def count_submitted_for_company(self, company_id: CompanyId, excluding: PostingId) -> int:
        counted = await self._db.execute(
            _SUBMITTED_OF_COMPANY, {"company_id": company_id, "excluding": excluding}
        )
        submitted: int = counted.scalar_one()
        return submitted

    async def _load(self, statement: Any, values: dict[str, Any]) -> list[Posting]:
        """The postings ``statement`` finds, each read with its requirements in one
        statement (one round trip, however many postings)."""
        rows = (await self._db.execute(statement, values)).mappings().all()
        loaded: list[Posting] = []
        for row in rows:
            requirement_rows = [
                {
                    "position": position,
                    "requirement_id": UUID(requirement_id),
                    "importance": importance,
                    "min_years": min_years,
                    "detail": detail,
                }
                for position, requirement_id, importance, min_years, detail in row[
                    "requirement_rows"
                ]
            ]
            fresh = mapping.posting_from_rows(row, requirement_rows)
            posting: Posting = self._remember(fresh)
            if posting is fresh:
                self._children[posting.id] = mapping.posting_requirement_rows(posting)
            loaded.append(posting)
        return loaded


# A requirement's terms as one array, read in the requirement's own row.
_TERMS = (
    select(
        func.coalesce(
            func.array_agg(requirement_terms.c.term), literal_column("ARRAY[]::varchar[]")
        )
    )
    .where(requirement_terms.c.requirement_id == requirements.c.id)
    .correlate(requirements)
    .scalar_subquery()
    .label("terms")
)
_REQUIREMENTS_BY_ID = select(requirements, _TERMS).where(
    requirements.c.id.in_(bindparam("ids", expanding=True))
)
_REQUIREMENT_BY_TERM = select(requirements, _TERMS).where(
    requirements.c.id.in_(
        select(requirement_terms.c.requirement_id)
        .where(requirement_terms.c.term == bindparam("term"))
        .scalar_subquery()
    )
)
_REQUIREMENTS_MERGED_INTO = select(requirements, _TERMS).where(
    requirements.c.merged_into == bindparam("target")
)


class PostgresRequirementRepository(_Repository):
    label = "requirement"

    def add(self, requirement: Requirement) -> None:
        self._stage(requirement)

    async def get(self, requirement_id: RequirementId) -> Requirement:
        found = await self.get_many([requirement_id])
        if requirement_id not in found:
            raise self._missing(requirement_id)
        return found[requirement_id]

    async def get_many(self, ids: Iterable[RequirementId]) -> dict[RequirementId, Requirement]:
        wanted = set(ids)
        found: dict[RequirementId, Requirement] = {}
        for requirement_id in list(wanted):
            known: Requirement | None = self._known(requirement_id)
            if known is not None:
                found[requirement_id] = known
                wanted.discard(requirement_id)
        if wanted:
            for requirement in await self._load(_REQUIREMENTS_BY_ID, {"ids": list(wanted)}):
                found[requirement.id] = requirement
        return found

    async def find_by_term(self, term: str) -> Requirement | None:
        loaded = await self._load(_REQUIREMENT_BY_TERM, {"term": term})
        return loaded[0] if loaded else None

    async def known_terms(self) -> dict[str, str]:
        rows = await self._db.execute(
            select(requirement_terms.c.term, requirements.c.name).join(
                requirements, requirements.c.id == requirement_terms.c.requirement_id
            )
        )
        return {row.term: row.name for row in rows}

    async def merged_into(self, requirement_id: RequirementId) -> list[Requirement]:
        return await self._load(_REQUIREMENTS_MERGED_INTO, {"target": requirement_id})

    async def _load(self, statement: Any, values: dict[str, Any]) -> list[Requirement]:
        """The requirements ``statement`` finds, each read with its terms in one statement."""
        rows = (await self._db.execute(statement, values)).mappings().all()
        loaded: list[Requirement] = []
        for row in rows:
            fresh = mapping.requirement_from_row(row, list(row["terms"]))
            requirement: Requirement = self._remember(fresh)
            if requirement is fresh:
                self._children[requirement.id] = mapping.requirement_term_rows(requirement)
            loaded.append(requirement)
        return loaded


class PostgresApiKeyRepository(_Repository):
    label = "api key"

    def add(self, key: ApiKey) -> None:
        self._stage(key)

    async def get(self, key_id: UUID) -> ApiKey:
        known: ApiKey | None = self._known(key_id)
        if known is not None:
            return known
        row = (await self._db.execute(_API_KEY_BY_ID, {"id": key_id})).mappings().first()
        if row is None:
            raise self._missing(key_id)
        key: ApiKey = self._remember(mapping.api_key_from_row(row))
        return key

    async def find_by_hash(self, key_hash: str) -> ApiKey | None:
        row = (await self._db.execute(_API_KEY_BY_HASH, {"key_hash": key_hash})).mappings().first()
        if row is None:
            return None
        key: ApiKey = self._remember(mapping.api_key_from_row(row))
        return key

    async def count_live_for_company(self, company_id: CompanyId) -> int:
        counted = await self._db.execute(_LIVE_KEYS_OF_COMPANY, {"company_id": company_id})
        live: int = counted.scalar_one()
        return live
