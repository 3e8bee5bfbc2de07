"""Reading the audit log: filters by actor, aggregate and time, newest first, a page at a
time; filters it cannot understand are refused, naming the parameter."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from application.audit import Actor
from application.commands.company_status import (
    SuspendCompany,
    SuspendCompanyHandler,
    VerifyCompany,
    VerifyCompanyHandler,
)
from application.commands.register_company import RegisteredCompany
from application.errors import InvalidParameter
from application.queries.audit_log import ListAuditEntries, ListAuditEntriesHandler
from domain.ids import ApiKeyId
from fakes import FixedClock


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


ANA = Actor.admin_key(ApiKeyId(UUID(int=0xA7A)), "Ana")
SHELL = Actor.cli("deploy")


@pytest.fixture
async def three_acts(
    verify_company: VerifyCompanyHandler,
    suspend_company: SuspendCompanyHandler,
    clock: FixedClock,
    pending_company: RegisteredCompany,
    company: RegisteredCompany,
) -> datetime:
    """Ana verifies the pending company, then suspends it, then the shell suspends the
    other one, a minute apart; answers the time of the first."""
    clock.advance(timedelta(hours=1))
    first = clock.now()
    await verify_company(VerifyCompany(pending_company.company_id, actor=ANA))
    clock.advance(timedelta(minutes=1))
    await suspend_company(SuspendCompany(pending_company.company_id, "spam", actor=ANA))
    clock.advance(timedelta(minutes=1))
    await suspend_company(SuspendCompany(company.company_id, "scam", actor=SHELL))
    return first


async def test_the_log_lists_the_newest_act_first(
    list_audit_entries: ListAuditEntriesHandler, three_acts: datetime
) -> None:
    page = await list_audit_entries(ListAuditEntries(since=three_acts))

    assert [(r.entry.act, r.entry.reason) for r in page.items] == [
        ("suspend_company", "scam"),
        ("suspend_company", "spam"),
        ("verify_company", None),
    ]
    assert page.next_cursor is None


async def test_the_log_filters_by_actor(
    list_audit_entries: ListAuditEntriesHandler, three_acts: datetime
) -> None:
    by_ana = await list_audit_entries(ListAuditEntries(actor=ANA.id, since=three_acts))
    by_shell = await list_audit_entries(ListAuditEntries(actor="cli:deploy"))
    by_any_shell = await list_audit_entries(ListAuditEntries(actor="cli"))
    by_someone_else = await list_audit_entries(ListAuditEntries(actor="cli:mallory"))

    assert [r.entry.reason for r in by_ana.items] == ["spam", None]
    assert [r.entry.reason for r in by_shell.items] == ["scam"]
    assert by_any_shell.items == by_shell.items
    assert by_someone_else.items == ()


async def test_the_log_filters_by_aggregate_and_time(
    list_audit_entries: ListAuditEntriesHandler,
    three_acts: datetime,
    pending_company: RegisteredCompany,
) -> None:
    on_company = await list_audit_entries(
        ListAuditEntries(aggregate_type="company", aggregate_id=pending_company.company_id)
    )
    in_the_first_minute = await list_audit_entries(
        ListAuditEntries(since=three_acts, until=three_acts + timedelta(minutes=1))
    )
    on_postings = await list_audit_entries(ListAuditEntries(aggregate_type="posting"))

    assert [r.entry.act for r in on_company.items] == ["suspend_company", "verify_company"]
    assert [r.entry.act for r in in_the_first_minute.items] == ["verify_company"]
    assert on_postings.items == ()


async def test_pages_follow_each_other_without_gaps_or_repeats(
    list_audit_entries: ListAuditEntriesHandler, three_acts: datetime
) -> None:
    first = await list_audit_entries(ListAuditEntries(since=three_acts, limit=2))
    assert first.next_cursor is not None
    second = await list_audit_entries(
        ListAuditEntries(since=three_acts, limit=2, cursor=first.next_cursor)
    )

    assert [r.entry.reason for r in first.items] == ["scam", "spam"]
    assert [r.entry.act for r in second.items] == ["verify_company"]
    assert second.next_cursor is None


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        (ListAuditEntries(actor="nobody"), "actor"),
        (ListAuditEntries(actor="cli:"), "actor"),
        (ListAuditEntries(actor="cli:a\x00b"), "actor"),
        (ListAuditEntries(actor="cli:" + "a" * 200), "actor"),
        (ListAuditEntries(aggregate_type="invoice"), "aggregate_type"),
        (ListAuditEntries(since=datetime(2026, 1, 1)), "since"),
        (ListAuditEntries(until=datetime(2026, 1, 1)), "until"),
        (
            ListAuditEntries(
                since=datetime.fromisoformat("2026-02-01T00:00:00Z"),
                until=datetime.fromisoformat("2026-01-01T00:00:00Z"),
            ),
            "since",
        ),
        (ListAuditEntries(limit=0), "limit"),
        (ListAuditEntries(limit=101), "limit"),
        (ListAuditEntries(cursor="not-a-cursor"), "cursor"),
        (
            ListAuditEntries(cursor=_cursor('{"t": "2026-01-01T00:00:00+00:00", "s": 1e30}')),
            "cursor",
        ),
        (
            ListAuditEntries(
                cursor=_cursor('{"t": "2026-01-01T00:00:00+00:00", "s": 20000000000000000000}')
            ),
            "cursor",
        ),
        (ListAuditEntries(cursor=_cursor('{"t": "2026-01-01T00:00:00", "s": 1}')), "cursor"),
    ],
    ids=[
        "unknown actor",
        "empty OS user",
        "NUL in the OS user",
        "OS user too long",
        "unknown aggregate type",
        "naive since",
        "naive until",
        "since after until",
        "limit 0",
        "limit 101",
        "cursor",
        "cursor with a float seq",
        "cursor past bigint",
        "cursor with a naive time",
    ],
)
async def test_a_filter_it_cannot_understand_is_refused_by_name(
    list_audit_entries: ListAuditEntriesHandler, query: ListAuditEntries, parameter: str
) -> None:
    with pytest.raises(InvalidParameter) as refused:
        await list_audit_entries(query)

    assert refused.value.field == parameter
