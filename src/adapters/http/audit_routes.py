"""GET /v1/admin/audit: the log of admin acts, for admins. In a file of its own (not in
admin_routes.py): it reads the log, it is not an admin act itself, so it is not recorded."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import Provide
from litestar.params import FromQuery, Parameter

from adapters.http.dependencies import Admin, Jobboard, provide_admin, provide_principal
from adapters.http.openapi_operations import BEARER_SECURITY, BoardOperation
from adapters.http.problem_docs import ADMIN_READ
from adapters.http.rendering import plain
from application.errors import InvalidParameter
from application.queries.audit_log import (
    AGGREGATE_TYPES,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    AuditPage,
    AuditRecord,
    ListAuditEntries,
)


def _moment(value: str | None, name: str) -> datetime | None:
    """An ISO 8601 time, read here: Litestar's own datetime parameters also take a bare
    number (as a Unix time), which the document does not promise."""
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidParameter(f"{name} must be an ISO 8601 time", field=name) from None


def _entry(record: AuditRecord) -> dict[str, Any]:
    entry = record.entry
    return {
        "seq": record.seq,
        "recorded_at": plain(entry.recorded_at),
        "actor": plain(entry.actor),
        "act": entry.act,
        "aggregate": plain(entry.aggregate),
        "reason": entry.reason,
        "details": entry.details,
    }


def audit_page_json(page: AuditPage) -> dict[str, Any]:
    return {"items": [_entry(r) for r in page.items], "next_cursor": page.next_cursor}


class AuditController(Controller):
    path = "/v1/admin/audit"
    tags = ["admin"]
    security = BEARER_SECURITY
    dependencies = {"principal": Provide(provide_principal), "admin": Provide(provide_admin)}

    @get(
        "/",
        operation_id="listAuditEntries",
        operation_class=BoardOperation,
        summary="The audit log of admin acts",
        responses=ADMIN_READ,
    )
    async def list_audit_entries(
        self,
        jobboard: Jobboard,
        admin: Admin,
        actor: Annotated[
            str | None,
            Parameter(description="an admin key's id, `cli` (any OS user) or `cli:USER`"),
        ] = None,
        aggregate_type: Annotated[
            str | None, Parameter(description=f"one of {', '.join(AGGREGATE_TYPES)}")
        ] = None,
        aggregate_id: Annotated[
            UUID | None, Parameter(description="the company's, posting's, ... id")
        ] = None,
        since: Annotated[
            str | None,
            Parameter(description="entries at or after this time (ISO 8601, with offset)"),
        ] = None,
        until: Annotated[
            str | None,
            Parameter(description="entries before this time (ISO 8601, with offset)"),
        ] = None,
        limit: Annotated[
            int, Parameter(description=f"entries per page, 1-{MAX_LIMIT}")
        ] = DEFAULT_LIMIT,
        cursor: FromQuery[str | None] = None,
    ) -> Response[dict[str, Any]]:
        """Who did what to which aggregate, why and when: newest first, a page at a time
        (``next_cursor`` fetches the next page with the same filters)."""
        page = await jobboard.queries.list_audit_entries(
            ListAuditEntries(
                actor,
                aggregate_type,
                aggregate_id,
                _moment(since, "since"),
                _moment(until, "until"),
                limit,
                cursor,
            )
        )
        return Response(audit_page_json(page))
