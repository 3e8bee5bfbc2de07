"""An admin's look at one catalogue entry, current as of the last commit."""

from __future__ import annotations

import pytest

from application.commands.requirement_catalogue import (
    AddRequirement,
    AddRequirementHandler,
    MergeRequirements,
    MergeRequirementsHandler,
)
from application.ports import UnitOfWorkFactory
from application.queries.catalogue_views import (
    CatalogueEntryView,
    GetCatalogueEntry,
    GetCatalogueEntryHandler,
)
from builders import AN_ADMIN
from domain.errors import NotFound
from domain.ids import RequirementId
from fakes import SequentialIds


@pytest.fixture
def get_catalogue_entry(uow_port: UnitOfWorkFactory) -> GetCatalogueEntryHandler:
    return GetCatalogueEntryHandler(uow_port)


async def test_an_entry_shows_its_name_kind_status_and_sorted_aliases(
    get_catalogue_entry: GetCatalogueEntryHandler,
    add_requirement: AddRequirementHandler,
) -> None:
    requirement_id = await add_requirement(
        AddRequirement("PostgreSQL", "skill", aliases=("psql", "Postgres"), actor=AN_ADMIN)
    )

    view = await get_catalogue_entry(GetCatalogueEntry(requirement_id))

    assert view == CatalogueEntryView(
        id=requirement_id,
        name="PostgreSQL",
        kind="skill",
        status="active",
        aliases=("postgres", "psql"),
        merged_into=None,
        version=2,
    )


async def test_a_merged_entry_shows_where_it_went(
    get_catalogue_entry: GetCatalogueEntryHandler,
    add_requirement: AddRequirementHandler,
    merge_requirements: MergeRequirementsHandler,
    postgres: RequirementId,
) -> None:
    duplicate = await add_requirement(AddRequirement("Postgre SQL", "skill", actor=AN_ADMIN))
    await merge_requirements(MergeRequirements(duplicate, postgres, actor=AN_ADMIN))

    view = await get_catalogue_entry(GetCatalogueEntry(duplicate))

    assert (view.status, view.merged_into, view.aliases) == ("merged", postgres, ())


async def test_an_unknown_entry_is_not_found(
    get_catalogue_entry: GetCatalogueEntryHandler, ids: SequentialIds
) -> None:
    with pytest.raises(NotFound):
        await get_catalogue_entry(GetCatalogueEntry(RequirementId(ids.new_id())))
