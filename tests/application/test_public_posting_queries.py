"""The candidate's questions about postings, over a tiny fake of the public read model."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest

from application.errors import InvalidParameter
from application.queries.public_postings import (
    GetPublicPosting,
    GetPublicPostingHandler,
    ListedPosting,
    ListPublicPostings,
    ListPublicPostingsHandler,
    PostingFilters,
    SearchCursor,
    Sort,
)
from application.views import (
    CompanyRef,
    LocationView,
    PostingDetail,
)
from domain.errors import NotFound
from fakes import FakePublicPostingReader, FixedClock


def summaries(count: int, newest: datetime) -> list[ListedPosting]:
    """``count`` public postings as a search lists them, newest first, an hour apart."""
    return [
        ListedPosting(
            posting_id=UUID(int=1000 + n),
            published_at=newest - timedelta(hours=n),
            rank=None,
            summary_json=f'{{"id":"{UUID(int=1000 + n)}","title":"Job {n}"}}',
        )
        for n in range(count)
    ]


def a_detail(posting_id: UUID, published_at: datetime) -> PostingDetail:
    return PostingDetail(
        id=posting_id,
        title="Senior Data Engineer",
        company=CompanyRef("Acme Analytics", "acme-analytics"),
        language="en",
        locations=(LocationView("DE", "Berlin"),),
        remote_countries=(),
        workplace="onsite",
        employment_type="full_time",
        seniority="senior",
        salary=None,
        description="Build and run our data pipelines.",
        responsibilities=(),
        benefits=(),
        requirements=(),
        published_at=published_at,
        valid_through=published_at + timedelta(days=60),
    )


def _token(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


# ListPublicPostings: paging


async def test_a_page_holds_at_most_limit_postings_and_points_to_the_next(
    clock: FixedClock,
) -> None:
    rows = summaries(4, clock.now())
    handler = ListPublicPostingsHandler(FakePublicPostingReader(rows), clock)

    page = await handler(ListPublicPostings(limit=3))

    assert page.items == tuple(rows[:3])
    assert page.next_cursor is not None
    cursor = SearchCursor.decode(page.next_cursor)
    assert (cursor.published_at, cursor.posting_id) == (rows[2].published_at, rows[2].posting_id)


async def test_the_last_page_has_no_next_cursor(clock: FixedClock) -> None:
    rows = summaries(3, clock.now())
    handler = ListPublicPostingsHandler(FakePublicPostingReader(rows), clock)

    page = await handler(ListPublicPostings(limit=3))

    assert page.items == tuple(rows)
    assert page.next_cursor is None


async def test_an_empty_board_is_an_empty_page(clock: FixedClock) -> None:
    handler = ListPublicPostingsHandler(FakePublicPostingReader(), clock)

    page = await handler(ListPublicPostings())

    assert page.items == ()
    assert page.next_cursor is None


async def test_the_next_cursor_asks_the_reader_for_what_comes_after_the_last_item(
    clock: FixedClock,
) -> None:
    rows = summaries(5, clock.now())
    reader = FakePublicPostingReader(rows)
    handler = ListPublicPostingsHandler(reader, clock)
    first = await handler(ListPublicPostings(limit=2))
    assert first.next_cursor is not None

    await handler(ListPublicPostings(limit=2, cursor=first.next_cursor))

    _, now, after, _ = reader.newest_calls[-1]
    assert after == SearchCursor(Sort.NEWEST, rows[1].published_at, rows[1].posting_id)
    assert now == clock.now()


async def test_the_first_page_reads_from_the_newest(clock: FixedClock) -> None:
    reader = FakePublicPostingReader(summaries(1, clock.now()))

    await ListPublicPostingsHandler(reader, clock)(ListPublicPostings())

    _, _, after, _ = reader.newest_calls[0]
    assert after is None


@pytest.mark.parametrize("limit", [1, 100])
async def test_a_limit_from_1_to_100_is_accepted(clock: FixedClock, limit: int) -> None:
    rows = summaries(101, clock.now())
    handler = ListPublicPostingsHandler(FakePublicPostingReader(rows), clock)

    page = await handler(ListPublicPostings(limit=limit))

    assert len(page.items) == limit
    assert page.next_cursor is not None


@pytest.mark.parametrize("limit", [0, -1, 101, 10_000])
async def test_a_limit_outside_1_to_100_is_an_invalid_parameter(
    clock: FixedClock, limit: int
) -> None:
    reader = FakePublicPostingReader(summaries(3, clock.now()))

    with pytest.raises(InvalidParameter) as caught:
        await ListPublicPostingsHandler(reader, clock)(ListPublicPostings(limit=limit))

    assert caught.value.field == "limit"
    assert reader.newest_calls == []


# ListPublicPostings: filters


async def test_filters_reach_the_reader_with_their_codes_normalised(clock: FixedClock) -> None:
    reader = FakePublicPostingReader()
    filters = PostingFilters(
        countries=("de", " AT "),
        city="  Berlin ",
        language="EN",
        workplaces=("remote", "hybrid"),
        employment_types=("full_time",),
        seniority="senior",
        company=" Acme-Analytics ",
        requirements=(" PostgreSQL ", "  "),
        posted_within_days=7,
    )

    await ListPublicPostingsHandler(reader, clock)(ListPublicPostings(filters=filters))

    (seen, *_) = reader.newest_calls[0]
    assert seen == PostingFilters(
        countries=("DE", "AT"),
        city="Berlin",
        language="en",
        workplaces=("remote", "hybrid"),
        employment_types=("full_time",),
        seniority="senior",
        company="acme-analytics",
        requirements=("PostgreSQL",),
        posted_within_days=7,
    )


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        pytest.param(PostingFilters(countries=("DE", "XX")), "country", id="unknown country"),
        pytest.param(PostingFilters(countries=("Germany",)), "country", id="country name"),
        pytest.param(PostingFilters(workplaces=("office",)), "workplace", id="bad workplace"),
        pytest.param(PostingFilters(language="english"), "language", id="bad language"),
        pytest.param(PostingFilters(employment_types=("gig",)), "employment_type", id="bad type"),
        pytest.param(PostingFilters(seniority="guru"), "seniority", id="bad seniority"),
        pytest.param(
            PostingFilters(posted_within_days=0), "posted_within_days", id="posted within 0"
        ),
    ],
)
async def test_a_bad_filter_is_an_invalid_parameter_naming_it(
    clock: FixedClock, filters: PostingFilters, field: str
) -> None:
    reader = FakePublicPostingReader()
    handler = ListPublicPostingsHandler(reader, clock)

    for _ in range(2):  # checked filters are remembered; refused ones are refused again
        with pytest.raises(InvalidParameter) as caught:
            await handler(ListPublicPostings(filters=filters))
        assert caught.value.field == field
        assert field in caught.value.message
    assert reader.newest_calls == []


# ListPublicPostings: cursors


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("garbage", id="garbage"),
        pytest.param("!!!", id="not base64"),
        pytest.param("a", id="bad padding"),
        pytest.param("ünïcödé", id="not ascii"),
        pytest.param(_token("hello"), id="no separator"),
        pytest.param(_token("a|b|c"), id="too many parts"),
        pytest.param(_token(f"yesterday|{UUID(int=1)}"), id="not a time"),
        pytest.param(_token(f"2026-11-24T12:00:00|{UUID(int=1)}"), id="naive time"),
        pytest.param(_token("2026-11-24T12:00:00+00:00|not-a-uuid"), id="not a uuid"),
        pytest.param(base64.urlsafe_b64encode(b"\xff\xfe|\x00").decode(), id="not utf-8"),
    ],
)
async def test_a_cursor_the_board_did_not_hand_out_is_an_invalid_parameter(
    clock: FixedClock, cursor: str
) -> None:
    reader = FakePublicPostingReader(summaries(3, clock.now()))

    with pytest.raises(InvalidParameter) as caught:
        await ListPublicPostingsHandler(reader, clock)(ListPublicPostings(cursor=cursor))

    assert caught.value.field == "cursor"
    assert reader.newest_calls == []


async def test_a_cursor_survives_its_round_trip(clock: FixedClock) -> None:
    cursor = SearchCursor(Sort.NEWEST, clock.now() - timedelta(microseconds=5), UUID(int=42))

    assert SearchCursor.decode(cursor.encode()) == cursor


@pytest.mark.parametrize(
    "cursor",
    [
        SearchCursor(Sort.NEWEST, datetime(2026, 11, 25, 9, 30, tzinfo=UTC), UUID(int=42)),
        SearchCursor(
            Sort.RELEVANCE,
            datetime(2026, 11, 25, 9, 30, 0, 123, tzinfo=UTC),
            UUID(int=7),
            0.0607927106320858,
            datetime(2026, 11, 25, 10, tzinfo=UTC),
        ),
        SearchCursor(
            Sort.RELEVANCE,
            datetime(2026, 1, 1, tzinfo=UTC),
            UUID(int=1),
            1e-20,
            datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
        ),
    ],
)
async def test_a_cursor_is_the_compact_json_cursors_have_always_been(cursor: SearchCursor) -> None:
    """Cursors handed out before keep working, and these decode there too."""
    data: dict[str, object] = {
        "s": cursor.sort.value,
        "p": cursor.published_at.isoformat(),
        "i": str(cursor.posting_id),
    }
    if cursor.sort is Sort.RELEVANCE:
        data["r"] = cursor.rank
        data["w"] = cursor.window_end.isoformat() if cursor.window_end else None
    compact = json.dumps(data, separators=(",", ":")).encode()

    assert cursor.encode() == base64.urlsafe_b64encode(compact).decode().rstrip("=")
    assert SearchCursor.decode(cursor.encode()) == cursor


# GetPublicPosting


async def test_a_public_posting_is_read_in_full(clock: FixedClock) -> None:
    posting_id = UUID(int=7)
    detail = a_detail(posting_id, clock.now())
    reader = FakePublicPostingReader(details={posting_id: detail})

    found = await GetPublicPostingHandler(reader, clock)(GetPublicPosting(posting_id))

    assert found == detail
    assert reader.detail_calls == [(posting_id, clock.now())]


async def test_a_posting_the_read_model_does_not_show_is_not_found(clock: FixedClock) -> None:
    reader = FakePublicPostingReader(details={UUID(int=7): a_detail(UUID(int=7), clock.now())})

    with pytest.raises(NotFound):
        await GetPublicPostingHandler(reader, clock)(GetPublicPosting(UUID(int=8)))
