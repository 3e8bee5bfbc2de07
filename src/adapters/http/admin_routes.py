"""Admin routes: keep the board clean. Every one has a `jobboard admin ...` twin."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get, patch, post
from litestar.di import Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from adapters.http.answer_types import Expired, ReadModelVerification, Rebuilt, TakenDown
from adapters.http.dependencies import (
    Admin,
    Idempotency,
    Jobboard,
    provide_admin,
    provide_principal,
)
from adapters.http.idempotency import idempotent
from adapters.http.openapi_operations import (
    BEARER_SECURITY,
    BoardOperation,
    CreateOperation,
    WriteOperation,
)
from adapters.http.problem_docs import ADMIN_READ, ADMIN_WRITE
from adapters.http.rendering import plain
from adapters.http.schemas import (
    MergeBody,
    ReasonBody,
    RequirementAliasBody,
    RequirementCreateBody,
    RequirementRenameBody,
)
from application.commands.company_status import ReinstateCompany, SuspendCompany, VerifyCompany
from application.commands.job_applications import PurgeApplications
from application.commands.posting_lifecycle import ExpirePostings, TakeDownPosting
from application.commands.read_models import RebuildReadModels, VerifyReadModels
from application.commands.requirement_catalogue import (
    AddRequirement,
    AliasRequirement,
    MergeRequirements,
    RenameRequirement,
)
from application.queries.catalogue_views import CatalogueEntryView, GetCatalogueEntry
from application.queries.employer_views import GetOwnCompany
from application.views import CompanyView
from domain.ids import CompanyId, PostingId, RequirementId


class AdminController(Controller):
    path = "/v1/admin"
    tags = ["admin"]
    security = BEARER_SECURITY
    dependencies = {"principal": Provide(provide_principal), "admin": Provide(provide_admin)}

    async def _company(self, jobboard: Jobboard, company_id: FromPath[UUID]) -> Response[Any]:
        view = await jobboard.queries.get_own_company(GetOwnCompany(CompanyId(company_id)))
        return Response(plain(view))

    async def _entry(self, jobboard: Jobboard, requirement_id: FromPath[UUID]) -> Response[Any]:
        view = await jobboard.queries.get_catalogue_entry(
            GetCatalogueEntry(RequirementId(requirement_id))
        )
        return Response(plain(view))

    @post(
        "/companies/{company_id:uuid}/verify",
        operation_id="verifyCompany",
        operation_class=WriteOperation,
        status_code=200,
        summary="Verify a company",
        responses=ADMIN_WRITE,
    )
    async def verify(
        self, jobboard: Jobboard, admin: Admin, company_id: FromPath[UUID]
    ) -> Response[CompanyView]:
        """Vouch for a pending company; it may publish from now on."""
        await jobboard.commands.verify_company(
            VerifyCompany(CompanyId(company_id), actor=admin.as_actor())
        )
        return await self._company(jobboard, company_id)

    @post(
        "/companies/{company_id:uuid}/suspend",
        operation_id="suspendCompany",
        operation_class=WriteOperation,
        status_code=200,
        summary="Suspend a company",
        responses=ADMIN_WRITE,
    )
    async def suspend(
        self,
        jobboard: Jobboard,
        admin: Admin,
        company_id: FromPath[UUID],
        data: JSONBody[ReasonBody],
    ) -> Response[CompanyView]:
        """Suspend a company: it cannot publish and its postings leave the public board."""
        await jobboard.commands.suspend_company(
            SuspendCompany(CompanyId(company_id), data.reason, actor=admin.as_actor())
        )
        return await self._company(jobboard, company_id)

    @post(
        "/companies/{company_id:uuid}/reinstate",
        operation_id="reinstateCompany",
        operation_class=WriteOperation,
        status_code=200,
        summary="Reinstate",
        responses=ADMIN_WRITE,
    )
    async def reinstate(
        self, jobboard: Jobboard, admin: Admin, company_id: FromPath[UUID]
    ) -> Response[CompanyView]:
        """Lift a suspension: the company and its published postings come back."""
        await jobboard.commands.reinstate_company(
            ReinstateCompany(CompanyId(company_id), actor=admin.as_actor())
        )
        return await self._company(jobboard, company_id)

    @post(
        "/postings/{posting_id:uuid}/take-down",
        operation_id="takeDownPosting",
        operation_class=WriteOperation,
        status_code=200,
        summary="Take down",
        responses=ADMIN_WRITE,
    )
    async def take_down(
        self,
        jobboard: Jobboard,
        admin: Admin,
        posting_id: FromPath[UUID],
        data: JSONBody[ReasonBody],
    ) -> Response[TakenDown]:
        """Remove a posting from the board, whatever its state, for a stated reason."""
        await jobboard.commands.take_down_posting(
            TakeDownPosting(PostingId(posting_id), data.reason, actor=admin.as_actor())
        )
        return Response(TakenDown(str(posting_id), "taken_down"))

    @post(
        "/postings/expire",
        status_code=200,
        summary="Expire lapsed postings",
        operation_id="expirePostings",
        operation_class=WriteOperation,
        responses=ADMIN_WRITE,
    )
    async def expire(self, jobboard: Jobboard, admin: Admin) -> Response[Expired]:
        """Expire every published posting whose valid_through has passed."""
        expired = await jobboard.commands.expire_postings(ExpirePostings(actor=admin.as_actor()))
        return Response(Expired(expired))

    @post(
        "/applications/purge",
        status_code=200,
        operation_id="purgeApplications",
        operation_class=WriteOperation,
        summary="Purge applications past their retention",
        responses=ADMIN_WRITE,
    )
    async def purge_applications(
        self, jobboard: Jobboard, admin: Admin
    ) -> Response[dict[str, int]]:
        """Erase every application (and résumé) older than the retention period its candidate
        consented to (JOBBOARD_APPLICATION_RETENTION_DAYS when it applied)."""
        purged = await jobboard.commands.purge_applications(
            PurgeApplications(actor=admin.as_actor())
        )
        return Response({"purged": purged})

    @post(
        "/requirements",
        operation_id="addRequirement",
        operation_class=CreateOperation,
        status_code=HTTP_201_CREATED,
        summary="Add a catalogue entry",
        responses=ADMIN_WRITE,
    )
    async def add_requirement(
        self,
        request: Request[Any, Any, Any],
        jobboard: Jobboard,
        admin: Admin,
        data: JSONBody[RequirementCreateBody],
        idempotency: Idempotency,
    ) -> Response[CatalogueEntryView]:
        """Add a requirement (a pending one of the same name is approved in place)."""

        async def create() -> Response[Any]:
            requirement_id = await jobboard.commands.add_requirement(
                AddRequirement(data.name, data.kind, tuple(data.aliases), actor=admin.as_actor())
            )
            response = await self._entry(jobboard, requirement_id)
            response.status_code = HTTP_201_CREATED
            return response

        return await idempotent(request, idempotency, f"admin:{admin.key_id}", create)

    @patch(
        "/requirements/{requirement_id:uuid}",
        operation_id="renameRequirement",
        operation_class=WriteOperation,
        status_code=200,
        summary="Rename an entry",
        responses=ADMIN_WRITE,
    )
    async def rename_requirement(
        self,
        jobboard: Jobboard,
        admin: Admin,
        requirement_id: FromPath[UUID],
        data: JSONBody[RequirementRenameBody],
    ) -> Response[CatalogueEntryView]:
        """Give an entry a new canonical name; the old name stays as an alias."""
        await jobboard.commands.rename_requirement(
            RenameRequirement(RequirementId(requirement_id), data.name, actor=admin.as_actor())
        )
        return await self._entry(jobboard, requirement_id)

    @post(
        "/requirements/{requirement_id:uuid}/aliases",
        operation_id="aliasRequirement",
        operation_class=WriteOperation,
        status_code=200,
        summary="Add aliases",
        responses=ADMIN_WRITE,
    )
    async def alias_requirement(
        self,
        jobboard: Jobboard,
        admin: Admin,
        requirement_id: FromPath[UUID],
        data: JSONBody[RequirementAliasBody],
    ) -> Response[CatalogueEntryView]:
        """Teach an entry more names it answers to."""
        await jobboard.commands.alias_requirement(
            AliasRequirement(
                RequirementId(requirement_id), tuple(data.aliases), actor=admin.as_actor()
            )
        )
        return await self._entry(jobboard, requirement_id)

    @post(
        "/requirements/{requirement_id:uuid}/merge",
        operation_id="mergeRequirements",
        operation_class=WriteOperation,
        status_code=200,
        summary="Merge entries",
        responses=ADMIN_WRITE,
    )
    async def merge_requirements(
        self,
        jobboard: Jobboard,
        admin: Admin,
        requirement_id: FromPath[UUID],
        data: JSONBody[MergeBody],
    ) -> Response[CatalogueEntryView]:
        """Fold this entry into ``into``; postings that asked for it now ask for the target."""
        await jobboard.commands.merge_requirements(
            MergeRequirements(
                RequirementId(requirement_id), RequirementId(data.into), actor=admin.as_actor()
            )
        )
        return await self._entry(jobboard, data.into)

    @post(
        "/read-models/rebuild",
        operation_id="rebuildReadModels",
        operation_class=WriteOperation,
        status_code=200,
        summary="Rebuild the read models",
        responses=ADMIN_WRITE,
    )
    async def rebuild(self, jobboard: Jobboard, admin: Admin) -> Response[Rebuilt]:
        """Recompute the read models from the write side; answers the rows of each."""
        rows = await jobboard.commands.rebuild_read_models(
            RebuildReadModels(actor=admin.as_actor())
        )
        return Response(Rebuilt(rows))

    @get(
        "/read-models/verify",
        summary="Compare the read models with a fresh rebuild",
        operation_id="verifyReadModels",
        operation_class=BoardOperation,
        responses=ADMIN_READ,
    )
    async def verify_read_models(
        self, jobboard: Jobboard, admin: Admin
    ) -> Response[ReadModelVerification]:
        """Rebuild the read models aside and compare: ``consistent`` with the differences
        found (none when the projection is sound)."""
        result = await jobboard.commands.verify_read_models(VerifyReadModels())
        return Response(plain(result))
