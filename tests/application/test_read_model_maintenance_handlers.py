"""Admin care of the read models: rebuild, and verify against a fresh rebuild."""

from __future__ import annotations

from uuid import UUID

from application.commands.read_models import (
    Difference,
    RebuildReadModels,
    RebuildReadModelsHandler,
    Verification,
    VerifyReadModels,
    VerifyReadModelsHandler,
)
from builders import AN_ADMIN
from fakes import FakeMaintenance, FixedClock


async def test_rebuilding_answers_how_many_rows_were_written_to_each_read_model() -> None:
    maintenance = FakeMaintenance(rows={"public_postings": 42})

    written = await RebuildReadModelsHandler(maintenance, FixedClock())(
        RebuildReadModels(actor=AN_ADMIN)
    )

    assert written == {"public_postings": 42}
    assert maintenance.rebuilds == 1


async def test_read_models_without_differences_are_consistent() -> None:
    maintenance = FakeMaintenance()

    verification = await VerifyReadModelsHandler(maintenance)(VerifyReadModels())

    assert verification == Verification(consistent=True, differences=())
    assert maintenance.rebuilds == 0


async def test_any_difference_makes_the_read_models_inconsistent() -> None:
    stale = Difference("public_postings", str(UUID(int=1)), "stale")
    missing = Difference("public_postings", str(UUID(int=2)), "missing")

    verification = await VerifyReadModelsHandler(FakeMaintenance(found=[stale, missing]))(
        VerifyReadModels()
    )

    assert not verification.consistent
    assert verification.differences == (stale, missing)
