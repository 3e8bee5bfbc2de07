"""Short stories told through the real use cases, to put a board into a known state."""

from __future__ import annotations

from dataclasses import dataclass

from application.catalogue import Application
from application.commands.company_status import VerifyCompany
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import (
    ApplicationMethodInput,
    LocationInput,
    PostingFields,
    RequirementInput,
)
from application.commands.posting_lifecycle import PublishPosting
from application.commands.register_company import RegisterCompany
from builders import AN_ADMIN
from domain.ids import CompanyId, PostingId


def fields(title: str = "Backend Engineer", **overrides: object) -> PostingFields:
    values: dict[str, object] = {
        "title": title,
        "description": "Build the APIs.",
        "language": "en",
        "locations": (LocationInput("GB", "London"),),
        "workplace": "hybrid",
        "employment_type": "full_time",
        "requirements": (RequirementInput("Python"), RequirementInput("PostgreSQL", "nice")),
        "application_method": ApplicationMethodInput("board"),
    }
    values.update(overrides)
    return PostingFields(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Published:
    company_id: CompanyId
    posting_id: PostingId


async def verified_company(app: Application, name: str = "Acme Ltd") -> CompanyId:
    registered = await app.commands.register_company(RegisterCompany(name, "GB"))
    await app.commands.verify_company(VerifyCompany(registered.company_id, actor=AN_ADMIN))
    return registered.company_id


async def published_posting(
    app: Application, company_id: CompanyId | None = None, title: str = "Backend Engineer"
) -> Published:
    company_id = company_id or await verified_company(app)
    posting_id = await app.commands.draft_posting(DraftPosting(company_id, fields(title)))
    await app.commands.publish_posting(PublishPosting(company_id, posting_id))
    return Published(company_id, posting_id)
