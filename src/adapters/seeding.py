"""The board's seed data loaded through the real use cases.

``load_seeds`` reads the seed files (``adapters.seed_files``) and puts them on
the board through the same command handlers an admin and an employer use, so
the outbox, the projector and the read models see the seeded board exactly as
they see any other, and it is idempotent:

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

from dataclasses import dataclass, field
from pathlib import Path

from adapters.seed_files import CompanySeed, PostingSeed, RequirementSeed, read_seeds
from application.audit import Actor
from application.catalogue import Application
from application.commands.company_status import VerifyCompany
from application.commands.draft_posting import DraftPosting
from application.commands.moderation import ApprovePosting
from application.commands.posting_lifecycle import PublishPosting
from application.commands.register_company import RegisterCompany
from application.commands.requirement_catalogue import AddRequirement, AliasRequirement
from application.queries.employer_views import ListOwnPostings
from application.queries.lookups import (
    FindCatalogueEntry,
    FindCompanyBySlug,
)
from domain.ids import CompanyId, PostingId, RequirementId
from domain.requirement import normalise_term


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
    def __init__(self, app: Application, report: SeedReport, actor: Actor) -> None:
        self._app = app
        self._actor = actor
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
            await self._app.commands.add_requirement(
                AddRequirement(seed.name, seed.kind, aliases, actor=self._actor)
            )
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
                    AliasRequirement(RequirementId(entry.id), aliases, actor=self._actor)
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
            await self._app.commands.verify_company(VerifyCompany(company_id, actor=self._actor))
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
        waiting = [p for p in same if p.status == "in_review"]
        if waiting:  # an earlier run's, submitted for review: the loader approves its own
            await self._approve(PostingId(waiting[0].id))
            self._report.postings_published.append(label)
            return
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
        published = await self._app.commands.publish_posting(PublishPosting(company_id, posting_id))
        if published.status == "in_review":
            await self._approve(posting_id)

    async def _approve(self, posting_id: PostingId) -> None:
        """The board's own seeds pass moderation: approved as the seeding actor (audited)."""
        await self._app.commands.approve_posting(
            ApprovePosting(posting_id, actor=self._actor, note="seed data")
        )


async def load_seeds(app: Application, seeds_dir: Path, actor: Actor) -> SeedReport:
    """Put the seeds in ``seeds_dir`` on the board, adding only what it lacks.

    The admin acts it does (curating the catalogue, verifying companies) are audited as
    ``actor``'s.

    Every change goes through the application's command handlers, and two look-ups
    find what earlier runs created (by name and slug). The catalogue comes first, so
    the postings' requirements resolve to curated entries instead of being proposed
    as new ones.
    """
    seeds = read_seeds(seeds_dir)
    report = SeedReport()
    loader = _Loader(app, report, actor)
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
