"""Every use case of the board on one screen: what it can do, what it can answer, and what
each needs from the world.

``wire`` is the only place a handler is built. The container calls it with the real
adapters; the application tests call it with in-memory fakes, so both run the same
catalogue (as the cosmicpython book's bootstrap does).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
from application.commands.job_applications import (
    MoveApplicationHandler,
    PurgeApplicationsHandler,
    SubmitApplicationHandler,
    WithdrawApplicationHandler,
)
from application.commands.moderation import (
    ApprovePostingHandler,
    DismissReportHandler,
    Moderation,
    RejectPostingHandler,
    ReportPostingHandler,
)
from application.commands.posting_lifecycle import (
    ClosePostingHandler,
    ExpirePostingsHandler,
    PublishPostingHandler,
    TakeDownPostingHandler,
)
from application.commands.read_models import (
    ReadModelMaintenance,
    RebuildReadModelsHandler,
    VerifyReadModelsHandler,
)
from application.commands.register_company import RegisterCompanyHandler
from application.commands.requirement_catalogue import (
    AddRequirementHandler,
    AliasRequirementHandler,
    MergeRequirementsHandler,
    RenameRequirementHandler,
)
from application.commands.revise_posting import RevisePostingHandler
from application.commands.update_company_profile import UpdateCompanyProfileHandler
from application.duplicates import DuplicatePolicy
from application.ports import Clock, IdGenerator, KeySecrets, ReporterHashes, UnitOfWorkFactory
from application.queries.audit_log import AuditReader, ListAuditEntriesHandler
from application.queries.board_directory import (
    BoardDirectoryReader,
    GetPublicCompanyHandler,
    ListCountriesHandler,
    ListLanguagesHandler,
    ListRequirementsHandler,
)
from application.queries.catalogue_views import GetCatalogueEntryHandler
from application.queries.company_board import CompanyBoardReader, GetCompanyBoardHandler
from application.queries.employer_views import (
    GetOwnCompanyHandler,
    GetOwnPostingHandler,
    ListOwnPostingsHandler,
)
from application.queries.event_schemas import GetEventSchemaHandler, ListEventSchemasHandler
from application.queries.job_applications import (
    GetApplicationResumeHandler,
    GetJobApplicationHandler,
    ListPostingApplicationsHandler,
)
from application.queries.lookups import FindCatalogueEntryHandler, FindCompanyBySlugHandler
from application.queries.moderation import (
    ListModerationQueueHandler,
    ListPostingReportsHandler,
    ModerationQueueReader,
)
from application.queries.posting_changes import (
    ListPostingChangesHandler,
    PostingChangeReader,
)
from application.queries.public_postings import (
    GetPublicPostingHandler,
    ListPublicPostingsHandler,
    PublicPostingReader,
)
from application.queries.public_sitemap import (
    MAX_SITEMAP_ENTRIES,
    GetSitemapHandler,
    SitemapReader,
)
from domain.api_key import DEFAULT_MAX_LIVE_KEYS
from domain.pay_transparency import PayTransparencyPolicy

# How long the board keeps an application, which a candidate consents to on applying.
DEFAULT_RETENTION_DAYS = 180


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
    move_application: MoveApplicationHandler
    # candidates
    submit_application: SubmitApplicationHandler
    withdraw_application: WithdrawApplicationHandler
    # admin
    issue_admin_key: IssueAdminKeyHandler
    verify_company: VerifyCompanyHandler
    suspend_company: SuspendCompanyHandler
    reinstate_company: ReinstateCompanyHandler
    take_down_posting: TakeDownPostingHandler
    expire_postings: ExpirePostingsHandler
    purge_applications: PurgeApplicationsHandler
    add_requirement: AddRequirementHandler
    rename_requirement: RenameRequirementHandler
    alias_requirement: AliasRequirementHandler
    merge_requirements: MergeRequirementsHandler
    rebuild_read_models: RebuildReadModelsHandler
    verify_read_models: VerifyReadModelsHandler
    # moderation (candidates report; admins approve, reject, dismiss)
    report_posting: ReportPostingHandler
    approve_posting: ApprovePostingHandler
    reject_posting: RejectPostingHandler
    dismiss_report: DismissReportHandler


@dataclass(frozen=True, slots=True)
class Queries:
    # public (read models)
    list_public_postings: ListPublicPostingsHandler
    get_public_posting: GetPublicPostingHandler
    get_public_company: GetPublicCompanyHandler
    list_countries: ListCountriesHandler
    list_languages: ListLanguagesHandler
    list_requirements: ListRequirementsHandler
    get_sitemap: GetSitemapHandler
    list_posting_changes: ListPostingChangesHandler
    get_company_board: GetCompanyBoardHandler
    list_event_schemas: ListEventSchemasHandler
    get_event_schema: GetEventSchemaHandler
    # employer (its own data, from the write side)
    get_own_company: GetOwnCompanyHandler
    list_own_postings: ListOwnPostingsHandler
    get_own_posting: GetOwnPostingHandler
    list_posting_applications: ListPostingApplicationsHandler
    get_job_application: GetJobApplicationHandler
    get_application_resume: GetApplicationResumeHandler
    # admin (the write side, current)
    get_catalogue_entry: GetCatalogueEntryHandler
    find_catalogue_entry: FindCatalogueEntryHandler
    find_company_by_slug: FindCompanyBySlugHandler
    list_audit_entries: ListAuditEntriesHandler
    # moderation
    list_moderation_queue: ListModerationQueueHandler
    list_posting_reports: ListPostingReportsHandler


@dataclass(frozen=True, slots=True)
class Application:
    commands: Commands
    queries: Queries
    authenticate: Authenticate


@dataclass(frozen=True, slots=True)
class Ports:
    """What the use cases need from the world: the container gives the real adapters,
    the application tests give fakes."""

    uow: UnitOfWorkFactory
    clock: Clock
    ids: IdGenerator
    secrets: KeySecrets
    public_postings: PublicPostingReader
    directory: BoardDirectoryReader
    read_models: ReadModelMaintenance
    sitemap: SitemapReader
    changes: PostingChangeReader
    company_boards: CompanyBoardReader
    audit_log: AuditReader
    max_api_keys_per_company: int = DEFAULT_MAX_LIVE_KEYS
    sitemap_page_size: int = MAX_SITEMAP_ENTRIES
    # The board's public address: where the integration events' schemas are served.
    public_base_url: str = "http://localhost:8000"
    application_retention_days: int = DEFAULT_RETENTION_DAYS
    # Moderation: the publish policy with the screens, reporters' hashes, the queue.
    moderation: Moderation = field(default_factory=Moderation, kw_only=True)
    reporter_hashes: ReporterHashes = field(kw_only=True)
    moderation_queue: ModerationQueueReader = field(kw_only=True)
    # The duplicate and repost check at publish (None: off).
    duplicates: DuplicatePolicy | None = field(default_factory=DuplicatePolicy)
    # What the board does per pay-transparency rule (warn, the default, or block).
    pay_transparency_policy: PayTransparencyPolicy = field(default_factory=PayTransparencyPolicy)


def wire(ports: Ports) -> Application:
    """Every handler of the board, built over ``ports``."""
    uow, clock, ids, secrets = ports.uow, ports.clock, ports.ids, ports.secrets
    draft_posting = DraftPostingHandler(uow, clock, ids)
    commands = Commands(
        register_company=RegisterCompanyHandler(uow, clock, ids, secrets),
        update_company_profile=UpdateCompanyProfileHandler(uow, clock),
        draft_posting=draft_posting,
        import_posting_text=ImportPostingTextHandler(uow, draft_posting),
        revise_posting=RevisePostingHandler(uow, clock, ids, ports.pay_transparency_policy),
        publish_posting=PublishPostingHandler(
            uow, clock, ports.moderation, ports.duplicates, ports.pay_transparency_policy
        ),
        close_posting=ClosePostingHandler(uow, clock),
        issue_employer_key=IssueEmployerKeyHandler(
            uow, clock, ids, secrets, ports.max_api_keys_per_company
        ),
        revoke_employer_key=RevokeEmployerKeyHandler(uow, clock),
        move_application=MoveApplicationHandler(uow, clock),
        submit_application=SubmitApplicationHandler(
            uow, clock, ids, secrets, ports.application_retention_days
        ),
        withdraw_application=WithdrawApplicationHandler(uow, clock, secrets),
        issue_admin_key=IssueAdminKeyHandler(uow, clock, ids, secrets),
        verify_company=VerifyCompanyHandler(uow, clock),
        suspend_company=SuspendCompanyHandler(uow, clock),
        reinstate_company=ReinstateCompanyHandler(uow, clock),
        take_down_posting=TakeDownPostingHandler(uow, clock),
        expire_postings=ExpirePostingsHandler(uow, clock),
        purge_applications=PurgeApplicationsHandler(uow, clock),
        add_requirement=AddRequirementHandler(uow, clock, ids),
        rename_requirement=RenameRequirementHandler(uow, clock),
        alias_requirement=AliasRequirementHandler(uow, clock),
        merge_requirements=MergeRequirementsHandler(uow, clock),
        rebuild_read_models=RebuildReadModelsHandler(ports.read_models, clock),
        verify_read_models=VerifyReadModelsHandler(ports.read_models),
        report_posting=ReportPostingHandler(
            uow, clock, ids, ports.reporter_hashes, ports.moderation.policy
        ),
        approve_posting=ApprovePostingHandler(uow, clock),
        reject_posting=RejectPostingHandler(uow, clock),
        dismiss_report=DismissReportHandler(uow, clock),
    )
    queries = Queries(
        list_public_postings=ListPublicPostingsHandler(ports.public_postings, clock),
        get_public_posting=GetPublicPostingHandler(ports.public_postings, clock),
        get_public_company=GetPublicCompanyHandler(ports.directory, clock),
        list_countries=ListCountriesHandler(ports.directory, clock),
        list_languages=ListLanguagesHandler(ports.directory, clock),
        list_requirements=ListRequirementsHandler(ports.directory, clock),
        get_sitemap=GetSitemapHandler(ports.sitemap, clock, ports.sitemap_page_size),
        list_posting_changes=ListPostingChangesHandler(ports.changes),
        get_company_board=GetCompanyBoardHandler(ports.company_boards, clock),
        list_event_schemas=ListEventSchemasHandler(ports.public_base_url),
        get_event_schema=GetEventSchemaHandler(ports.public_base_url),
        get_own_company=GetOwnCompanyHandler(uow),
        list_own_postings=ListOwnPostingsHandler(uow, ports.pay_transparency_policy),
        get_own_posting=GetOwnPostingHandler(uow, ports.pay_transparency_policy),
        list_posting_applications=ListPostingApplicationsHandler(uow),
        get_job_application=GetJobApplicationHandler(uow),
        get_application_resume=GetApplicationResumeHandler(uow),
        get_catalogue_entry=GetCatalogueEntryHandler(uow),
        find_catalogue_entry=FindCatalogueEntryHandler(uow),
        find_company_by_slug=FindCompanyBySlugHandler(uow),
        list_audit_entries=ListAuditEntriesHandler(ports.audit_log),
        list_moderation_queue=ListModerationQueueHandler(ports.moderation_queue),
        list_posting_reports=ListPostingReportsHandler(uow),
    )
    return Application(commands, queries, Authenticate(uow, secrets))
