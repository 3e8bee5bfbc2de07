"""The Requirement aggregate: the catalogue of things postings ask for, and its curation."""

from __future__ import annotations

import pytest

from builders import (
    NOW,
    a_proposed_requirement,
    a_requirement,
    a_requirement_id,
    later,
)
from domain.errors import InvalidTransition, InvariantViolated
from domain.events import (
    RequirementAdded,
    RequirementAliased,
    RequirementApproved,
    RequirementRenamed,
    RequirementsMerged,
)
from domain.requirement import Requirement, RequirementKind, RequirementStatus, normalise_term

# Terms


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("PostgreSQL", "postgresql"),
        ("  Ruby   on\tRails\n", "ruby on rails"),
        ("C++", "c++"),
        ("C#", "c#"),
        (".NET", ".net"),
        ("Straße", "strasse"),
        ("ENGLISH", "english"),
    ],
)
def test_a_term_is_casefolded_and_single_spaced_but_keeps_its_symbols(text: str, term: str) -> None:
    assert normalise_term(text) == term


def test_symbols_keep_different_skills_apart() -> None:
    assert len({normalise_term(t) for t in ["C", "C++", "C#"]}) == 3


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_a_term_must_not_be_empty(text: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        normalise_term(text)

    assert error.value.field == "name"


def test_a_term_is_at_most_100_characters() -> None:
    assert normalise_term("x" * 100) == "x" * 100

    with pytest.raises(InvariantViolated) as error:
        normalise_term("x" * 101)

    assert error.value.field == "name"


# Adding and proposing


def test_an_admin_adds_an_active_entry_at_version_one() -> None:
    rid = a_requirement_id()

    requirement = Requirement.add(rid, "  PostgreSQL ", RequirementKind.SKILL, NOW)

    assert requirement.id == rid
    assert requirement.name == "PostgreSQL"
    assert requirement.kind is RequirementKind.SKILL
    assert requirement.status is RequirementStatus.ACTIVE
    assert requirement.aliases == frozenset()
    assert requirement.terms == {"postgresql"}
    assert requirement.merged_into is None
    assert requirement.created_at == requirement.updated_at == NOW
    assert requirement.version == 1
    assert requirement.pending_events == (
        RequirementAdded(rid, 1, NOW, "PostgreSQL", "skill", "active"),
    )


def test_adding_with_aliases_records_them_as_a_second_event() -> None:
    rid = a_requirement_id()

    requirement = Requirement.add(
        rid, "PostgreSQL", RequirementKind.SKILL, NOW, aliases=["Postgres", " PG ", "postgresql"]
    )

    assert requirement.aliases == {"postgres", "pg"}
    assert requirement.terms == {"postgresql", "postgres", "pg"}
    assert requirement.version == 2
    assert requirement.pending_events == (
        RequirementAdded(rid, 1, NOW, "PostgreSQL", "skill", "active"),
        RequirementAliased(rid, 2, NOW, ("pg", "postgres")),
    )


def test_adding_with_only_the_name_as_alias_records_no_alias_event() -> None:
    requirement = Requirement.add(
        a_requirement_id(), "English", RequirementKind.LANGUAGE, NOW, aliases=["ENGLISH"]
    )

    assert requirement.aliases == frozenset()
    assert requirement.version == 1
    assert [type(e) for e in requirement.pending_events] == [RequirementAdded]


@pytest.mark.parametrize("kind", list(RequirementKind))
def test_an_entry_can_be_of_any_kind(kind: RequirementKind) -> None:
    requirement = Requirement.add(a_requirement_id(), "Something", kind, NOW)

    assert requirement.kind is kind
    event = requirement.pending_events[0]
    assert isinstance(event, RequirementAdded)
    assert event.kind == kind.value


def test_a_posting_proposes_a_pending_skill_awaiting_curation() -> None:
    rid = a_requirement_id()

    requirement = Requirement.propose(rid, "Kafka", NOW)

    assert requirement.status is RequirementStatus.PENDING
    assert requirement.kind is RequirementKind.SKILL
    assert requirement.terms == {"kafka"}
    assert requirement.pending_events == (
        RequirementAdded(rid, 1, NOW, "Kafka", "skill", "pending"),
    )


@pytest.mark.parametrize("name", ["", "   ", "n" * 101, "nul\x00byte"])
@pytest.mark.parametrize("create", ["add", "propose"])
def test_an_entry_needs_a_valid_name(name: str, create: str) -> None:
    def do() -> Requirement:
        if create == "add":
            return Requirement.add(a_requirement_id(), name, RequirementKind.SKILL, NOW)
        return Requirement.propose(a_requirement_id(), name, NOW)

    with pytest.raises(InvariantViolated) as error:
        do()

    assert error.value.field == "name"


def test_a_name_whose_term_grows_past_100_characters_is_refused() -> None:
    with pytest.raises(InvariantViolated) as error:
        Requirement.add(a_requirement_id(), "ß" * 60, RequirementKind.SKILL, NOW)

    assert error.value.field == "name"


def test_an_alias_given_on_add_must_be_a_valid_term() -> None:
    with pytest.raises(InvariantViolated):
        Requirement.add(a_requirement_id(), "Kafka", RequirementKind.SKILL, NOW, aliases=["  "])


# Approving


@pytest.mark.parametrize("kind", list(RequirementKind))
def test_approving_a_pending_entry_activates_it_with_its_curated_kind(
    kind: RequirementKind,
) -> None:
    requirement = a_proposed_requirement(name="Kafka")

    requirement.approve(kind, later(days=1))

    assert requirement.status is RequirementStatus.ACTIVE
    assert requirement.kind is kind
    assert requirement.updated_at == later(days=1)
    assert requirement.pending_events == (
        RequirementApproved(requirement.id, 2, later(days=1), kind.value),
    )


@pytest.mark.parametrize("status", [RequirementStatus.ACTIVE, RequirementStatus.MERGED])
def test_only_a_pending_entry_can_be_approved(status: RequirementStatus) -> None:
    requirement = a_requirement(status=status, kind=RequirementKind.SKILL)

    with pytest.raises(InvalidTransition):
        requirement.approve(RequirementKind.LANGUAGE, later(days=1))

    assert requirement.status is status
    assert requirement.kind is RequirementKind.SKILL
    assert requirement.pending_events == ()


# Aliasing


def test_aliasing_teaches_the_entry_new_normalised_names() -> None:
    requirement = a_requirement(name="PostgreSQL")

    requirement.alias(["Postgres", "  PG  ", "pg"], later(hours=1))

    assert requirement.aliases == {"postgres", "pg"}
    assert requirement.terms == {"postgresql", "postgres", "pg"}
    assert requirement.updated_at == later(hours=1)
    assert requirement.pending_events == (
        RequirementAliased(requirement.id, 2, later(hours=1), ("pg", "postgres")),
    )


def test_aliasing_records_only_the_names_not_yet_known() -> None:
    requirement = a_requirement(name="PostgreSQL", aliases=["postgres"])
    version = requirement.version

    requirement.alias(["POSTGRES", "psql"], later(hours=1))

    assert requirement.aliases == {"postgres", "psql"}
    assert requirement.pending_events == (
        RequirementAliased(requirement.id, version + 1, later(hours=1), ("psql",)),
    )


@pytest.mark.parametrize("aliases", [[], ["PostgreSQL"], ["postgres", " POSTGRESQL "]])
def test_aliasing_with_only_known_names_records_nothing(aliases: list[str]) -> None:
    requirement = a_requirement(name="PostgreSQL", aliases=["postgres"])
    version = requirement.version

    requirement.alias(aliases, later(hours=1))

    assert requirement.aliases == {"postgres"}
    assert requirement.version == version
    assert requirement.updated_at == NOW
    assert requirement.pending_events == ()


def test_an_alias_must_be_a_valid_term() -> None:
    requirement = a_requirement()

    with pytest.raises(InvariantViolated):
        requirement.alias(["ok", "a" * 101], later(hours=1))

    assert requirement.aliases == frozenset()
    assert requirement.pending_events == ()


def test_a_pending_entry_can_be_aliased() -> None:
    requirement = a_proposed_requirement(name="Kafka")

    requirement.alias(["Apache Kafka"], later(hours=1))

    assert requirement.terms == {"kafka", "apache kafka"}
    assert requirement.status is RequirementStatus.PENDING


# Renaming


def test_renaming_keeps_the_old_name_as_an_alias() -> None:
    requirement = a_requirement(name="Postgres")

    requirement.rename("  PostgreSQL ", later(hours=1))

    assert requirement.name == "PostgreSQL"
    assert requirement.aliases == {"postgres"}
    assert requirement.terms == {"postgresql", "postgres"}
    assert requirement.updated_at == later(hours=1)
    assert requirement.pending_events == (
        RequirementRenamed(requirement.id, 2, later(hours=1), "PostgreSQL", "Postgres"),
    )


def test_renaming_to_an_existing_alias_promotes_it_to_the_name() -> None:
    requirement = a_requirement(name="PostgreSQL", aliases=["postgres", "pg"])

    requirement.rename("Postgres", later(hours=1))

    assert requirement.name == "Postgres"
    assert requirement.aliases == {"postgresql", "pg"}
    assert requirement.terms == {"postgres", "postgresql", "pg"}


def test_renaming_only_the_spelling_changes_the_name_but_adds_no_alias() -> None:
    requirement = a_requirement(name="Postgresql")

    requirement.rename("PostgreSQL", later(hours=1))

    assert requirement.name == "PostgreSQL"
    assert requirement.aliases == frozenset()
    assert requirement.terms == {"postgresql"}
    assert requirement.pending_events == (
        RequirementRenamed(requirement.id, 2, later(hours=1), "PostgreSQL", "Postgresql"),
    )


def test_renaming_to_the_same_name_records_nothing() -> None:
    requirement = a_requirement(name="PostgreSQL")

    requirement.rename("  PostgreSQL  ", later(hours=1))

    assert requirement.name == "PostgreSQL"
    assert requirement.version == 1
    assert requirement.pending_events == ()


@pytest.mark.parametrize("name", ["", "   ", "n" * 101])
def test_renaming_needs_a_valid_name(name: str) -> None:
    requirement = a_requirement(name="PostgreSQL")

    with pytest.raises(InvariantViolated) as error:
        requirement.rename(name, later(hours=1))

    assert error.value.field == "name"
    assert requirement.name == "PostgreSQL"
    assert requirement.pending_events == ()


def test_a_pending_entry_can_be_renamed() -> None:
    requirement = a_proposed_requirement(name="kafka")

    requirement.rename("Kafka", later(hours=1))

    assert requirement.name == "Kafka"
    assert requirement.status is RequirementStatus.PENDING


# Merging


def test_merging_folds_the_source_into_the_target() -> None:
    source = a_requirement(name="Postgres", aliases=["pg"])
    target = a_requirement(name="PostgreSQL", aliases=["psql"])
    source_version, target_version = source.version, target.version

    source.merge_into(target, later(days=1))

    assert source.status is RequirementStatus.MERGED
    assert source.merged_into == target.id
    assert source.aliases == frozenset()
    assert source.terms == frozenset()
    assert source.updated_at == later(days=1)
    assert source.pending_events == (
        RequirementsMerged(source.id, source_version + 1, later(days=1), target.id),
    )

    assert target.status is RequirementStatus.ACTIVE
    assert target.name == "PostgreSQL"
    assert target.aliases == {"psql", "postgres", "pg"}
    assert target.terms == {"postgresql", "psql", "postgres", "pg"}
    assert target.pending_events == (
        RequirementAliased(target.id, target_version + 1, later(days=1), ("pg", "postgres")),
    )


def test_merging_terms_the_target_already_knows_adds_nothing_to_it() -> None:
    source = a_requirement(name="Postgres")
    target = a_requirement(name="PostgreSQL", aliases=["postgres"])

    source.merge_into(target, later(days=1))

    assert source.status is RequirementStatus.MERGED
    assert target.aliases == {"postgres"}
    assert target.pending_events == ()


def test_a_pending_entry_can_be_merged_into_an_active_one() -> None:
    source = a_proposed_requirement(name="Apache Kafka")
    target = a_requirement(name="Kafka")

    source.merge_into(target, later(days=1))

    assert source.status is RequirementStatus.MERGED
    assert target.terms == {"kafka", "apache kafka"}


def test_a_requirement_cannot_be_merged_into_itself() -> None:
    requirement = a_requirement(name="PostgreSQL")

    with pytest.raises(InvariantViolated) as error:
        requirement.merge_into(requirement, later(days=1))

    assert error.value.field == "into"
    assert requirement.status is RequirementStatus.ACTIVE
    assert requirement.pending_events == ()


def test_a_requirement_cannot_be_merged_into_a_merged_entry() -> None:
    source = a_requirement(name="Postgres")
    target = a_requirement(name="PostgreSQL", status=RequirementStatus.MERGED)

    with pytest.raises(InvalidTransition):
        source.merge_into(target, later(days=1))

    assert source.status is RequirementStatus.ACTIVE
    assert source.merged_into is None
    assert source.terms == {"postgres"}
    assert source.pending_events == ()
    assert target.pending_events == ()


def test_a_merged_requirement_cannot_be_merged_again() -> None:
    source = a_requirement(name="Postgres", status=RequirementStatus.MERGED)
    first_target = source.merged_into
    target = a_requirement(name="PostgreSQL")

    with pytest.raises(InvalidTransition):
        source.merge_into(target, later(days=1))

    assert source.merged_into == first_target
    assert target.pending_events == ()
    assert target.terms == {"postgresql"}


@pytest.mark.parametrize(
    "act",
    ["alias", "rename"],
)
def test_a_merged_requirement_can_no_longer_be_curated(act: str) -> None:
    requirement = a_requirement(name="Postgres", status=RequirementStatus.MERGED)

    def do() -> None:
        if act == "alias":
            requirement.alias(["pg"], later(days=1))
        else:
            requirement.rename("Postgres 2", later(days=1))

    with pytest.raises(InvalidTransition):
        do()

    assert requirement.name == "Postgres"
    assert requirement.terms == frozenset()
    assert requirement.pending_events == ()


# Following a merge


def test_a_merged_entry_follows_its_target_into_the_next_merge() -> None:
    first = a_requirement(name="pg")
    middle = a_requirement(name="Postgres")
    last = a_requirement(name="PostgreSQL")
    first.merge_into(middle, NOW)
    middle.merge_into(last, later(hours=1))
    first.pull_events()
    version = first.version

    first.follow_merge(last, later(hours=2))

    assert first.status is RequirementStatus.MERGED
    assert first.merged_into == last.id
    assert first.updated_at == later(hours=2)
    assert first.pending_events == (
        RequirementsMerged(first.id, version + 1, later(hours=2), last.id),
    )
    assert last.terms == {"postgresql", "postgres", "pg"}


@pytest.mark.parametrize("status", [RequirementStatus.ACTIVE, RequirementStatus.PENDING])
def test_only_a_merged_entry_follows_a_merge(status: RequirementStatus) -> None:
    requirement = a_requirement(name="Postgres", status=status)
    target = a_requirement(name="PostgreSQL")

    with pytest.raises(InvalidTransition):
        requirement.follow_merge(target, later(hours=1))

    assert requirement.status is status
    assert requirement.merged_into is None
    assert requirement.pending_events == ()


def test_a_merged_entry_cannot_follow_into_a_merged_one() -> None:
    requirement = a_requirement(name="pg", status=RequirementStatus.MERGED)
    first_target = requirement.merged_into
    target = a_requirement(name="Postgres", status=RequirementStatus.MERGED)

    with pytest.raises(InvalidTransition):
        requirement.follow_merge(target, later(hours=1))

    assert requirement.merged_into == first_target
    assert requirement.pending_events == ()


def test_a_full_curation_history_records_consecutive_versions() -> None:
    requirement = Requirement.propose(a_requirement_id(), "postgres", NOW)
    requirement.approve(RequirementKind.SKILL, later(minutes=1))
    requirement.alias(["pg"], later(minutes=2))
    requirement.rename("PostgreSQL", later(minutes=3))
    requirement.merge_into(a_requirement(name="Postgres DB"), later(minutes=4))

    events = requirement.pull_events()

    assert [type(e) for e in events] == [
        RequirementAdded,
        RequirementApproved,
        RequirementAliased,
        RequirementRenamed,
        RequirementsMerged,
    ]
    assert [e.version for e in events] == [1, 2, 3, 4, 5]
    assert requirement.version == 5
