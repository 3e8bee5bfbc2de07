"""Incremental sync for aggregators: the public board's changes since a token."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, cast

import orjson
from litestar import Controller, MediaType, Response, get
from litestar.params import Parameter

from adapters.http.dependencies import Jobboard
from adapters.http.openapi_operations import BoardOperation
from adapters.http.problem_docs import problem_responses
from application.queries.posting_changes import (
    MAX_CHANGES_PAGE,
    ChangePage,
    ListPostingChanges,
    LoggedChange,
)
from application.views import PostingSummary


@dataclass(frozen=True)
class PostingChange:
    """``published`` or ``changed``: ``changed_at`` and ``posting``; ``removed`` (a
    tombstone): ``removed_at`` and ``reason`` (closed, expired, taken_down,
    company_suspended, withdrawn or deleted)."""

    id: str
    change: str
    changed_at: str | None = None
    posting: PostingSummary | None = None
    removed_at: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class PostingChanges:
    changes: list[PostingChange]
    next_token: str
    more: bool


def _moment(change: LoggedChange) -> str:
    return change.changed_at.isoformat().replace("+00:00", "Z")


def _entry(change: LoggedChange) -> dict[str, Any]:
    if change.change == "removed" or change.summary_json is None:
        return {
            "id": str(change.posting_id),
            "change": "removed",
            "removed_at": _moment(change),
            "reason": change.reason,
        }
    return {
        "id": str(change.posting_id),
        "change": change.change,
        "changed_at": _moment(change),
        # The summary as the read model keeps it encoded: joined, not rebuilt.
        "posting": orjson.Fragment(change.summary_json),
    }


def changes_body(page: ChangePage) -> bytes:
    return orjson.dumps(
        {
            "changes": [_entry(c) for c in page.changes],
            "next_token": page.next_token,
            "more": page.more,
        }
    )


class SyncController(Controller):
    path = "/v1/postings"
    tags = ["public"]

    @get(
        "/changes",
        operation_id="listPostingChanges",
        operation_class=BoardOperation,
        summary="Changes to the public board since a token",
        responses=problem_responses(400, 410, 503),
    )
    async def changes(
        self,
        jobboard: Jobboard,
        since: Annotated[
            str | None,
            Parameter(description="the next_token of the last answer; none: from the start"),
        ] = None,
        limit: Annotated[
            int, Parameter(description="changes a page", ge=1, le=MAX_CHANGES_PAGE)
        ] = 100,
    ) -> Response[PostingChanges]:
        """Every posting that became public (``published``), changed (``changed``, with
        the posting as a search lists it) or left the board (``removed``, a tombstone with
        ``removed_at`` and ``reason``) since ``since``, in commit order, one entry per
        posting (its latest). Without ``since``: the whole public board. Follow
        ``next_token`` while ``more`` is true, and keep the last one to resume. A token
        older than the tombstones kept (JOBBOARD_CHANGES_RETENTION_DAYS) answers 410:
        start again without ``since``. A posting past its ``valid_through`` leaves the
        board at that moment; its tombstone comes when the expiry command runs."""
        page = await jobboard.queries.list_posting_changes(ListPostingChanges(since, limit))
        # Documented as PostingChanges; the postings are joined as the read model keeps them.
        return Response(cast(PostingChanges, changes_body(page)), media_type=MediaType.JSON)
