from __future__ import annotations

from dataclasses import dataclass

from application.commands.posting_input import UNSET, Unset
from application.ports import Clock, UnitOfWorkFactory
from domain.company import CompanyProfile
from domain.ids import CompanyId


@dataclass(frozen=True, slots=True)
class UpdateCompanyProfile:
    company_id: CompanyId
    name: str | Unset = UNSET
    website: str | Unset | None = UNSET
    description: str | Unset = UNSET
    country: str | Unset = UNSET


class UpdateCompanyProfileHandler:
    """Change what a company says about itself. Its slug, and so its public URL, stays."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, command: UpdateCompanyProfile) -> None:
        async with self._uow() as uow:
            company = await uow.companies.get(command.company_id)
            current = company.profile
            profile = CompanyProfile(
                name=current.name if isinstance(command.name, Unset) else command.name,
                website=current.website if isinstance(command.website, Unset) else command.website,
                description=(
                    current.description
                    if isinstance(command.description, Unset)
                    else command.description
                ),
                country=current.country if isinstance(command.country, Unset) else command.country,
            )
            company.update_profile(profile, self._clock.now())
            await uow.commit()
