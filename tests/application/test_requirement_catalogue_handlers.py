"""Curating the requirement catalogue: add, rename, alias, merge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from application.commands.draft_posting import DraftPosting, DraftPostingHandler
from application.commands.posting_input import PostingFields, RequirementInput
from application.commands.register_company import RegisteredCompany
from application.commands.requirement_catalogue import (
    AddRequirement,
    AddRequirementHandler,
    AliasRequirement,
    AliasRequirementHandler,
    MergeRequirements,
    MergeRequirementsHandler,
    RenameRequirement,
    RenameRequirementHandler,
)
from builders import AN_ADMIN
from domain.errors import AlreadyExists, InvalidTransition, InvariantViolated, NotFound
from domain.events import (
    RequirementAdded,
    RequirementAliased,
    RequirementApproved,
    RequirementRenamed,
    RequirementsMerged,
)
from domain.ids import RequirementId
from domain.requirement import RequirementKind, RequirementStatus
from fakes import FakeUnitOfWorkFactory, InMemoryStore, SequentialIds

Snapshot = Callable[[], object]


async def _find(uow: FakeUnitOfWorkFactory, term: str) -> RequirementId | None:
    async with uow() as unit:
        found = await unit.requirements.find_by_term(term)
    return found.id if found is not None else None


async def _propose(
    draft_posting: DraftPostingHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
    name: str,
) -> RequirementId:
    """Let an employer propose ``name`` by asking for it in a draft; the pending entry's id."""
    posting_id = await draft_posting(
        DraftPosting(company.company_id, replace(fields, requirements=(RequirementInput(name),)))
    )
    return store.postings[posting_id].details.requirements[0].requirement_id


# AddRequirement


async def test_adding_stores_an_active_entry_with_its_kind_and_aliases(
    add_requirement: AddRequirementHandler, store: InMemoryStore, uow: FakeUnitOfWorkFactory
) -> None:
    requirement_id = await add_requirement(
        AddRequirement(
            "English", "language", aliases=("Englisch", "  ENGLISH language "), actor=AN_ADMIN
        )
    )

    entry = store.requirements[requirement_id]
    assert entry.name == "English"
    assert entry.kind is RequirementKind.LANGUAGE
    assert entry.status is RequirementStatus.ACTIVE
    assert entry.aliases == {"englisch", "english language"}
    assert await _find(uow, "english language") == requirement_id
    added = store.outbox[0]
    assert isinstance(added, RequirementAdded)
    assert (added.aggregate_id, added.name, added.kind) == (requirement_id, "English", "language")


async def test_an_unknown_kind_is_refused_naming_the_field(
    add_requirement: AddRequirementHandler, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await add_requirement(AddRequirement("Kafka", "hobby", actor=AN_ADMIN))

    assert caught.value.field == "kind"
    assert snapshot() == before


async def test_adding_a_name_the_catalogue_has_is_refused_whatever_the_case(
    add_requirement: AddRequirementHandler, postgres: RequirementId, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(AlreadyExists):
        await add_requirement(AddRequirement("postgresql", "skill", actor=AN_ADMIN))

    assert snapshot() == before


async def test_adding_a_name_that_is_another_entrys_alias_is_refused(
    add_requirement: AddRequirementHandler, postgres: RequirementId, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(AlreadyExists):
        await add_requirement(AddRequirement("Postgres", "skill", actor=AN_ADMIN))

    assert snapshot() == before


async def test_adding_an_alias_that_is_another_entrys_name_is_refused(
    add_requirement: AddRequirementHandler, postgres: RequirementId, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(AlreadyExists):
        await add_requirement(
            AddRequirement("MySQL", "skill", aliases=("mariadb", "PostgreSQL"), actor=AN_ADMIN)
        )

    assert snapshot() == before


async def test_adding_a_name_an_employer_proposed_approves_the_entry_in_place(
    draft_posting: DraftPostingHandler,
    add_requirement: AddRequirementHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    proposed = await _propose(draft_posting, store, company, fields, "apache kafka")
    assert store.requirements[proposed].status is RequirementStatus.PENDING

    requirement_id = await add_requirement(
        AddRequirement("Apache Kafka", "skill", aliases=("kafka",), actor=AN_ADMIN)
    )

    assert requirement_id == proposed
    assert len(store.requirements) == 1
    entry = store.requirements[proposed]
    assert entry.status is RequirementStatus.ACTIVE
    assert entry.name == "Apache Kafka"
    assert entry.terms == {"apache kafka", "kafka"}
    kinds = [type(e) for e in store.outbox if e.aggregate_id == proposed]
    assert kinds == [RequirementAdded, RequirementApproved, RequirementRenamed, RequirementAliased]


async def test_approving_a_proposal_sets_the_kind_the_admin_chose(
    draft_posting: DraftPostingHandler,
    add_requirement: AddRequirementHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
) -> None:
    proposed = await _propose(draft_posting, store, company, fields, "German")

    await add_requirement(AddRequirement("German", "language", actor=AN_ADMIN))

    assert store.requirements[proposed].kind is RequirementKind.LANGUAGE
    assert store.requirements[proposed].name == "German"


async def test_a_refused_approval_leaves_the_proposal_pending(
    draft_posting: DraftPostingHandler,
    add_requirement: AddRequirementHandler,
    store: InMemoryStore,
    company: RegisteredCompany,
    fields: PostingFields,
    postgres: RequirementId,
    snapshot: Snapshot,
) -> None:
    proposed = await _propose(draft_posting, store, company, fields, "Kafka")
    before = snapshot()

    # Approving, renaming and aliasing the proposal succeed in memory; the alias clash
    # is only found at commit, which must leave the pending entry as it was.
    with pytest.raises(AlreadyExists):
        await add_requirement(
            AddRequirement("KAFKA", "skill", aliases=("postgres",), actor=AN_ADMIN)
        )

    assert snapshot() == before
    assert store.requirements[proposed].status is RequirementStatus.PENDING
    assert store.requirements[proposed].name == "Kafka"


# RenameRequirement


async def test_renaming_keeps_the_old_name_as_an_alias(
    rename_requirement: RenameRequirementHandler,
    store: InMemoryStore,
    uow: FakeUnitOfWorkFactory,
    postgres: RequirementId,
) -> None:
    await rename_requirement(RenameRequirement(postgres, "Postgres SQL", actor=AN_ADMIN))

    entry = store.requirements[postgres]
    assert entry.name == "Postgres SQL"
    assert await _find(uow, "postgresql") == postgres
    assert await _find(uow, "postgres sql") == postgres
    event = store.outbox[-1]
    assert isinstance(event, RequirementRenamed)
    assert (event.name, event.previous_name) == ("Postgres SQL", "PostgreSQL")


async def test_renaming_to_another_entrys_term_is_refused(
    add_requirement: AddRequirementHandler,
    rename_requirement: RenameRequirementHandler,
    postgres: RequirementId,
    snapshot: Snapshot,
) -> None:
    mysql = await add_requirement(AddRequirement("MySQL", "skill", actor=AN_ADMIN))
    before = snapshot()

    with pytest.raises(AlreadyExists):
        await rename_requirement(RenameRequirement(mysql, "Postgres", actor=AN_ADMIN))

    assert snapshot() == before


async def test_renaming_an_unknown_entry_is_not_found(
    rename_requirement: RenameRequirementHandler, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await rename_requirement(
            RenameRequirement(RequirementId(ids.new_id()), "X", actor=AN_ADMIN)
        )


# AliasRequirement


async def test_aliasing_teaches_an_entry_more_names(
    alias_requirement: AliasRequirementHandler,
    store: InMemoryStore,
    uow: FakeUnitOfWorkFactory,
    postgres: RequirementId,
) -> None:
    await alias_requirement(AliasRequirement(postgres, ("PG", "  Postgres   DB "), actor=AN_ADMIN))

    assert await _find(uow, "pg") == postgres
    assert await _find(uow, "postgres db") == postgres
    event = store.outbox[-1]
    assert isinstance(event, RequirementAliased)
    assert event.aliases == ("pg", "postgres db")


async def test_an_alias_another_entry_answers_to_is_refused_at_commit(
    add_requirement: AddRequirementHandler,
    alias_requirement: AliasRequirementHandler,
    store: InMemoryStore,
    postgres: RequirementId,
    snapshot: Snapshot,
) -> None:
    mysql = await add_requirement(AddRequirement("MySQL", "skill", actor=AN_ADMIN))
    before = snapshot()

    with pytest.raises(AlreadyExists):
        await alias_requirement(AliasRequirement(mysql, ("mariadb", "postgres"), actor=AN_ADMIN))

    assert snapshot() == before
    assert store.requirements[mysql].aliases == frozenset()


async def test_aliasing_an_unknown_entry_is_not_found(
    alias_requirement: AliasRequirementHandler, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await alias_requirement(
            AliasRequirement(RequirementId(ids.new_id()), ("x",), actor=AN_ADMIN)
        )


# MergeRequirements


async def test_merging_folds_the_source_into_the_target(
    add_requirement: AddRequirementHandler,
    merge_requirements: MergeRequirementsHandler,
    store: InMemoryStore,
    uow: FakeUnitOfWorkFactory,
    postgres: RequirementId,
) -> None:
    duplicate = await add_requirement(
        AddRequirement("Postgre SQL", "skill", aliases=("psql",), actor=AN_ADMIN)
    )

    await merge_requirements(MergeRequirements(duplicate, postgres, actor=AN_ADMIN))

    source = store.requirements[duplicate]
    assert source.status is RequirementStatus.MERGED
    assert source.merged_into == postgres
    assert {"postgre sql", "psql"} <= store.requirements[postgres].terms
    assert await _find(uow, "postgre sql") == postgres
    assert await _find(uow, "psql") == postgres
    merged = [e for e in store.outbox if isinstance(e, RequirementsMerged)]
    assert [(e.aggregate_id, e.into) for e in merged] == [(duplicate, postgres)]


async def test_entries_merged_into_the_source_follow_it_to_the_target(
    add_requirement: AddRequirementHandler,
    merge_requirements: MergeRequirementsHandler,
    store: InMemoryStore,
    postgres: RequirementId,
) -> None:
    first = await add_requirement(AddRequirement("Postgres DB", "skill", actor=AN_ADMIN))
    middle = await add_requirement(AddRequirement("PgSQL", "skill", actor=AN_ADMIN))
    await merge_requirements(MergeRequirements(first, middle, actor=AN_ADMIN))

    await merge_requirements(MergeRequirements(middle, postgres, actor=AN_ADMIN))

    assert store.requirements[first].merged_into == postgres
    assert store.requirements[middle].merged_into == postgres
    assert {"postgres db", "pgsql"} <= store.requirements[postgres].terms


async def test_merging_an_entry_into_itself_is_refused(
    merge_requirements: MergeRequirementsHandler, postgres: RequirementId, snapshot: Snapshot
) -> None:
    before = snapshot()

    with pytest.raises(InvariantViolated) as caught:
        await merge_requirements(MergeRequirements(postgres, postgres, actor=AN_ADMIN))

    assert caught.value.field == "into"
    assert snapshot() == before


async def test_merging_into_an_entry_that_was_merged_away_is_an_invalid_transition(
    add_requirement: AddRequirementHandler,
    merge_requirements: MergeRequirementsHandler,
    postgres: RequirementId,
    snapshot: Snapshot,
) -> None:
    gone = await add_requirement(AddRequirement("Postgre", "skill", actor=AN_ADMIN))
    other = await add_requirement(AddRequirement("PgSQL", "skill", actor=AN_ADMIN))
    await merge_requirements(MergeRequirements(gone, postgres, actor=AN_ADMIN))
    before = snapshot()

    with pytest.raises(InvalidTransition):
        await merge_requirements(MergeRequirements(other, gone, actor=AN_ADMIN))

    assert snapshot() == before


async def test_merging_an_unknown_entry_is_not_found(
    merge_requirements: MergeRequirementsHandler, ids: SequentialIds, postgres: RequirementId
) -> None:
    with pytest.raises(NotFound):
        await merge_requirements(
            MergeRequirements(RequirementId(ids.new_id()), postgres, actor=AN_ADMIN)
        )
