"""Every use case of the board on one screen: what it can do, and what it can answer."""

from __future__ import annotations

from dataclasses import dataclass

from application.auth import Authenticate
from application.commands.api_keys import (
    IssueAdminKeyHandler,
    IssueEmployerKeyHandler,
    RevokeEmployerKeyHandler,
)
from application.commands.company_status import (
    ReinstateCompanyHandler,
    SuspendCompanyHandler,
    VerifyCompanyHandler,
)
from application.commands.draft_posting import DraftPostingHandler
from application.commands.import_posting_text import ImportPostingTextHandler
from application.commands.posting_lifecycle import (
    ClosePostingHandler,
    ExpirePostingsHandler,
    PublishPostingHandler,
    TakeDownPostingHandler,
)
from application.commands.read_models import RebuildReadModelsHandler, VerifyReadModelsHandler
from application.commands.register_company import RegisterCompanyHandler
from application.commands.requirement_catalogue import (
    AddRequirementHandler,
    AliasRequirementHandler,
    MergeRequirementsHandler,
    RenameRequirementHandler,
)
from application.commands.revise_posting import RevisePostingHandler
from application.commands.update_company_profile import UpdateCompanyProfileHandler
from application.queries.board_directory import (
    GetPublicCompanyHandler,
    ListCountriesHandler,
    ListLanguagesHandler,
    ListRequirementsHandler,
)
from application.queries.catalogue_views import GetCatalogueEntryHandler
from application.queries.employer_views import (
    GetOwnCompanyHandler,
    GetOwnPostingHandler,
    ListOwnPostingsHandler,
)
from application.queries.public_postings import GetPublicPostingHandler, ListPublicPostingsHandler


@dataclass(frozen=True, slots=True)
class Commands:
    # employer
    register_company: RegisterCompanyHandler
    update_company_profile: UpdateCompanyProfileHandler
    draft_posting: DraftPostingHandler
    import_posting_text: ImportPostingTextHandler
    revise_posting: RevisePostingHandler
    publish_posting: PublishPostingHandler
    close_posting: ClosePostingHandler
    issue_employer_key: IssueEmployerKeyHandler
    revoke_employer_key: RevokeEmployerKeyHandler
    # admin
    issue_admin_key: IssueAdminKeyHandler
    verify_company: VerifyCompanyHandler
    suspend_company: SuspendCompanyHandler
    reinstate_company: ReinstateCompanyHandler
    take_down_posting: TakeDownPostingHandler
    expire_postings: ExpirePostingsHandler
    add_requirement: AddRequirementHandler
    rename_requirement: RenameRequirementHandler
    alias_requirement: AliasRequirementHandler
    merge_requirements: MergeRequirementsHandler
    rebuild_read_models: RebuildReadModelsHandler
    verify_read_models: VerifyReadModelsHandler


@dataclass(frozen=True, slots=True)
class Queries:
    # public (read models)
    list_public_postings: ListPublicPostingsHandler
    get_public_posting: GetPublicPostingHandler
    get_public_company: GetPublicCompanyHandler
    list_countries: ListCountriesHandler
    list_languages: ListLanguagesHandler
    list_requirements: ListRequirementsHandler
    # employer (its own data, from the write side)
    get_own_company: GetOwnCompanyHandler
    list_own_postings: ListOwnPostingsHandler
    get_own_posting: GetOwnPostingHandler
    # admin (the write side, current)
    get_catalogue_entry: GetCatalogueEntryHandler


@dataclass(frozen=True, slots=True)
class Application:
    commands: Commands
    queries: Queries
    authenticate: Authenticate
