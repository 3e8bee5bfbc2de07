"""Admin acts on a company's standing: verify, suspend, reinstate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from application.audit import Actor, AggregateRef, AuditEntry
from application.ports import Clock, UnitOfWorkFactory
from domain.ids import CompanyId


@dataclass(frozen=True, slots=True)
class VerifyCompany:
    company_id: CompanyId
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class SuspendCompany:
    company_id: CompanyId
    reason: str
    actor: Actor = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class ReinstateCompany:
    company_id: CompanyId
    actor: Actor = field(kw_only=True)


def _on_company(actor: Actor, act: str, company_id: CompanyId, now: datetime) -> AuditEntry:
    return AuditEntry(actor, act, now, AggregateRef("company", company_id))


class VerifyCompanyHandler:
    """Vouch for a pending company, which lets it publish."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: VerifyCompany) -> None:
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            now = self._clock.now()
            company.verify(now)
            uow.audit.record(_on_company(command.actor, "verify_company", company.id, now))
            await uow.commit()


class SuspendCompanyHandler:
    """Suspend a company: it can no longer publish and its postings leave the public board."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: SuspendCompany) -> None:
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            now = self._clock.now()
            company.suspend(command.reason, now)
            uow.audit.record(
                AuditEntry(
                    command.actor,
                    "suspend_company",
                    now,
                    AggregateRef("company", company.id),
                    reason=command.reason,
                )
            )
            await uow.commit()


class ReinstateCompanyHandler:
    """Lift a suspension: the company returns to the standing it had, and so do its postings."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: ReinstateCompany) -> None:
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            now = self._clock.now()
            company.reinstate(now)
            uow.audit.record(_on_company(command.actor, "reinstate_company", company.id, now))
            await uow.commit()
