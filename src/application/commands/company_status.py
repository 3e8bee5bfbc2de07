"""Admin acts on a company's standing: verify, suspend, reinstate."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports import Clock, UnitOfWorkFactory
from domain.ids import CompanyId


@dataclass(frozen=True, slots=True)
class VerifyCompany:
    company_id: CompanyId


@dataclass(frozen=True, slots=True)
class SuspendCompany:
    company_id: CompanyId
    reason: str


@dataclass(frozen=True, slots=True)
class ReinstateCompany:
    company_id: CompanyId


class VerifyCompanyHandler:
    """Vouch for a pending company, which lets it publish."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: VerifyCompany) -> None:
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            company.verify(self._clock.now())
            await uow.commit()


class SuspendCompanyHandler:
    """Suspend a company: it can no longer publish and its postings leave the public board."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: SuspendCompany) -> None:
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            company.suspend(command.reason, self._clock.now())
            await uow.commit()


class ReinstateCompanyHandler:
    """Lift a suspension: the company returns to the standing it had, and so do its postings."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: ReinstateCompany) -> None:
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            company.reinstate(self._clock.now())
            await uow.commit()
