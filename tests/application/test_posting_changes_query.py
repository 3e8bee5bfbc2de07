"""The sync query's rules over a fake log: pages in log order with a token to resume,
tokens it never handed out refused, and tokens older than the purge told to start over."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import pytest

from application.errors import InvalidParameter, ResyncRequired
from application.queries.posting_changes import (
    ListPostingChanges,
    ListPostingChangesHandler,
    LoggedChange,
    decode_token,
    encode_token,
)
from fakes import FakeChangeLog

WHEN = datetime(2026, 12, 1, tzinfo=UTC)


def log(*positions: int, horizon: int = 0) -> FakeChangeLog:
    entries = [
        LoggedChange(p, UUID(int=p), "published", WHEN, None, f'{{"n":{p}}}') for p in positions
    ]
    return FakeChangeLog(entries, horizon)


async def test_pages_follow_the_log_and_the_last_token_resumes_after_them() -> None:
    changes = ListPostingChangesHandler(log(3, 5, 9))

    first = await changes(ListPostingChanges(limit=2))
    second = await changes(ListPostingChanges(first.next_token, limit=2))
    third = await changes(ListPostingChanges(second.next_token, limit=2))

    assert [c.position for c in first.changes] == [3, 5]
    assert first.more
    assert [c.position for c in second.changes] == [9]
    assert not second.more
    assert third.changes == ()
    assert third.next_token == second.next_token == encode_token(9)


async def test_a_token_before_the_purge_horizon_must_resync_but_one_at_it_resumes() -> None:
    changes = ListPostingChangesHandler(log(7, 8, horizon=6))

    with pytest.raises(ResyncRequired):
        await changes(ListPostingChanges(encode_token(5)))
    resumed = await changes(ListPostingChanges(encode_token(6)))
    from_start = await changes(ListPostingChanges())

    assert [c.position for c in resumed.changes] == [7, 8]
    assert [c.position for c in from_start.changes] == [7, 8]


@pytest.mark.parametrize("token", ["", "nonsense", encode_token(10), "YzE6MDE", "YzE6LTM"])
async def test_a_token_not_handed_out_is_an_invalid_since(token: str) -> None:
    changes = ListPostingChangesHandler(log(1, 2))

    with pytest.raises(InvalidParameter) as refused:
        await changes(ListPostingChanges(token))
    assert refused.value.field == "since"


@pytest.mark.parametrize("limit", [0, 1001])
async def test_a_page_size_out_of_bounds_is_refused(limit: int) -> None:
    with pytest.raises(InvalidParameter):
        await ListPostingChangesHandler(log())(ListPostingChanges(limit=limit))


def test_tokens_round_trip() -> None:
    assert decode_token(encode_token(123456789)) == 123456789
