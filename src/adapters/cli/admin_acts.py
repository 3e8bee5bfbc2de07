"""The admin commands of `jobboard admin`: every admin endpoint of the HTTP API has a twin here.

Each act is its name, its help, the use case it runs, how its answer is printed, and
its arguments (argparse options, with their help). An act runs as ``Actor.cli`` of the
OS user who ran it, which is what the audit log records.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from adapters.http.audit_routes import audit_page_json
from adapters.http.rendering import plain
from application.audit import Actor
from application.catalogue import Application
from application.commands.api_keys import IssueAdminKey
from application.commands.company_status import ReinstateCompany, SuspendCompany, VerifyCompany
from application.commands.job_applications import PurgeApplications
from application.commands.moderation import ApprovePosting, DismissReport, RejectPosting
from application.commands.posting_lifecycle import ExpirePostings, TakeDownPosting
from application.commands.read_models import RebuildReadModels, VerifyReadModels
from application.commands.requirement_catalogue import (
    AddRequirement,
    AliasRequirement,
    MergeRequirements,
    RenameRequirement,
)
from application.queries.audit_log import AGGREGATE_TYPES, DEFAULT_LIMIT, ListAuditEntries
from application.queries.moderation import ListModerationQueue, ListPostingReports
from domain.ids import CompanyId, PostingId, PostingReportId, RequirementId
from domain.moderation import RejectionReason
from domain.requirement import RequirementKind

Act = Callable[[Application, argparse.Namespace, Actor], Awaitable[Any]]
Arguments = list[tuple[str, dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class AdminAct:
    help: str
    act: Act
    render: Callable[[Any], str]
    arguments: Arguments = field(default_factory=list)
    description: str | None = None  # for its own --help; the help line when None


def os_user() -> str:
    """The login name of who runs the command (its uid where the system has no name)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no LOGNAME/USER and no passwd entry (a bare container)
        return f"uid:{os.getuid()}"


def _as_json(result: Any) -> str:
    return json.dumps(plain(result), indent=2)


def _done(_: Any) -> str:
    return "done"


_COMPANY = ("company_id", {"type": UUID, "help": "the company's id"})
_POSTING = ("posting_id", {"type": UUID, "help": "the posting's id"})
_REQUIREMENT = ("requirement_id", {"type": UUID, "help": "the catalogue entry's id"})


def _reason(what: str) -> tuple[str, dict[str, Any]]:
    return ("--reason", {"required": True, "help": f"why {what} (recorded with the event)"})


ADMIN_ACTS: dict[str, AdminAct] = {
    "create-key": AdminAct(
        "print a new admin API key (shown once)",
        lambda app, a, actor: app.commands.issue_admin_key(
            IssueAdminKey(a.name or actor.id, actor=actor)
        ),
        lambda issued: issued.api_key,
        [
            (
                "--name",
                {
                    "help": "what the audit log calls the key, e.g. 'ops on-call' "
                    "(default: your OS user name)"
                },
            )
        ],
        description="Print a new admin API key, one line on stdout. It is shown this once; "
        "the board keeps only its digest. It acts for the board on the /v1/admin routes, "
        "and the audit log names its acts with its id and --name.",
    ),
    "verify-company": AdminAct(
        "verify a pending company",
        lambda app, a, actor: app.commands.verify_company(
            VerifyCompany(CompanyId(a.company_id), actor=actor)
        ),
        _done,
        [_COMPANY],
        description="Verify a pending company: from then on it may publish postings.",
    ),
    "suspend-company": AdminAct(
        "suspend a company; its postings leave the board",
        lambda app, a, actor: app.commands.suspend_company(
            SuspendCompany(CompanyId(a.company_id), a.reason, actor=actor)
        ),
        _done,
        [_COMPANY, _reason("the company is suspended")],
    ),
    "reinstate-company": AdminAct(
        "lift a company's suspension",
        lambda app, a, actor: app.commands.reinstate_company(
            ReinstateCompany(CompanyId(a.company_id), actor=actor)
        ),
        _done,
        [_COMPANY],
    ),
    "take-down-posting": AdminAct(
        "remove a posting from the board",
        lambda app, a, actor: app.commands.take_down_posting(
            TakeDownPosting(PostingId(a.posting_id), a.reason, actor=actor)
        ),
        _done,
        [_POSTING, _reason("the posting is taken down")],
    ),
    "purge-applications": AdminAct(
        "erase every application kept past its retention period, with its resume",
        lambda app, a, actor: app.commands.purge_applications(PurgeApplications(actor=actor)),
        lambda n: f"purged {n}",
    ),
    "expire-postings": AdminAct(
        "expire every posting past its valid_through",
        lambda app, a, actor: app.commands.expire_postings(ExpirePostings(actor=actor)),
        lambda n: f"expired {n}",
        description="Expire every published posting whose valid_through has passed; prints "
        "how many.",
    ),
    "add-requirement": AdminAct(
        "add an entry to the requirement catalogue",
        lambda app, a, actor: app.commands.add_requirement(
            AddRequirement(a.name, a.kind, tuple(a.alias or ()), actor=actor)
        ),
        str,
        [
            ("name", {"help": "the entry's canonical name, e.g. PostgreSQL"}),
            (
                "--kind",
                {
                    "required": True,
                    "choices": [kind.value for kind in RequirementKind],
                    "help": "what kind of requirement it is",
                },
            ),
            (
                "--alias",
                {"action": "append", "help": "another name it answers to (repeatable)"},
            ),
        ],
        description="Add an active entry to the requirement catalogue; prints its id.",
    ),
    "rename-requirement": AdminAct(
        "rename a catalogue entry (the old name stays an alias)",
        lambda app, a, actor: app.commands.rename_requirement(
            RenameRequirement(RequirementId(a.requirement_id), a.name, actor=actor)
        ),
        _done,
        [_REQUIREMENT, ("name", {"help": "the new canonical name"})],
    ),
    "alias-requirement": AdminAct(
        "add aliases to a catalogue entry",
        lambda app, a, actor: app.commands.alias_requirement(
            AliasRequirement(RequirementId(a.requirement_id), tuple(a.alias), actor=actor)
        ),
        _done,
        [_REQUIREMENT, ("alias", {"nargs": "+", "help": "names the entry also answers to"})],
    ),
    "merge-requirements": AdminAct(
        "fold one catalogue entry into another",
        lambda app, a, actor: app.commands.merge_requirements(
            MergeRequirements(RequirementId(a.requirement_id), RequirementId(a.into), actor=actor)
        ),
        _done,
        [
            ("requirement_id", {"type": UUID, "help": "the entry to fold in"}),
            (
                "--into",
                {"type": UUID, "required": True, "help": "the id of the entry that stays"},
            ),
        ],
        description="Fold one catalogue entry into another: its names become aliases of the "
        "other, and postings that required it require the other.",
    ),
    "rebuild-read-models": AdminAct(
        "recompute the read models from the write side",
        lambda app, a, actor: app.commands.rebuild_read_models(RebuildReadModels(actor=actor)),
        _as_json,
    ),
    "verify-read-models": AdminAct(
        "compare the read models with a fresh rebuild",
        lambda app, a, actor: app.commands.verify_read_models(VerifyReadModels()),
        _as_json,
    ),
    "audit": AdminAct(
        "list the audit log of admin acts, newest first",
        lambda app, a, actor: app.queries.list_audit_entries(
            ListAuditEntries(
                a.actor, a.aggregate_type, a.aggregate_id, a.since, a.until, a.limit, a.cursor
            )
        ),
        lambda page: json.dumps(audit_page_json(page), indent=2),
        [
            ("--actor", {"help": "an admin key's id, 'cli' (any OS user) or 'cli:USER'"}),
            ("--aggregate-type", {"choices": AGGREGATE_TYPES, "help": "what was acted on"}),
            ("--aggregate-id", {"type": UUID, "help": "the id of what was acted on"}),
            (
                "--since",
                {"type": datetime.fromisoformat, "help": "at or after (ISO 8601, with offset)"},
            ),
            (
                "--until",
                {"type": datetime.fromisoformat, "help": "before (ISO 8601, with offset)"},
            ),
            ("--limit", {"type": int, "default": DEFAULT_LIMIT, "help": "entries per page"}),
            ("--cursor", {"help": "the next_cursor of the page before"}),
        ],
        description="Print a page of the audit log as JSON, newest first: who did what to "
        "which aggregate, why and when (the twin of GET /v1/admin/audit).",
    ),
    # Moderation: the twins of /v1/admin/moderation, /postings/{id}/approve|reject|reports
    # and /reports/{id}/dismiss.
    "moderation-queue": AdminAct(
        "list the postings waiting for review, oldest first",
        lambda app, a, actor: app.queries.list_moderation_queue(
            ListModerationQueue(a.limit, a.cursor)
        ),
        lambda page: _as_json(page),
        [
            ("--limit", {"type": int, "default": DEFAULT_LIMIT, "help": "postings per page"}),
            ("--cursor", {"help": "the next_cursor of the page before"}),
        ],
        description="Print a page of the moderation queue as JSON: each posting in review "
        "with why it is there (the twin of GET /v1/admin/moderation).",
    ),
    "approve-posting": AdminAct(
        "approve a posting in review: it goes public now",
        lambda app, a, actor: app.commands.approve_posting(
            ApprovePosting(PostingId(a.posting_id), actor=actor, note=a.note)
        ),
        _done,
        [_POSTING, ("--note", {"help": "why (recorded in the audit log)"})],
    ),
    "reject-posting": AdminAct(
        "reject a posting in review, with a reason code and a note",
        lambda app, a, actor: app.commands.reject_posting(
            RejectPosting(PostingId(a.posting_id), a.reason, a.note, actor=actor)
        ),
        _done,
        [
            _POSTING,
            (
                "--reason",
                {
                    "required": True,
                    "choices": [r.value for r in RejectionReason],
                    "help": "what the posting is rejected for",
                },
            ),
            ("--note", {"required": True, "help": "what its employer should fix (shown)"}),
        ],
    ),
    "posting-reports": AdminAct(
        "list a posting's reports, oldest first",
        lambda app, a, actor: app.queries.list_posting_reports(
            ListPostingReports(PostingId(a.posting_id))
        ),
        _as_json,
        [_POSTING],
    ),
    "dismiss-report": AdminAct(
        "dismiss a report as unfounded",
        lambda app, a, actor: app.commands.dismiss_report(
            DismissReport(PostingReportId(a.report_id), actor=actor, note=a.note)
        ),
        _done,
        [
            ("report_id", {"type": UUID, "help": "the report's id"}),
            ("--note", {"help": "why (recorded in the audit log)"}),
        ],
    ),
}
