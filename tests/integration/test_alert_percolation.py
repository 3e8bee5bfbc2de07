"""Percolation on PostgreSQL finds, for each published posting, exactly the confirmed alerts
whose saved search the real search answers with that posting: a table of filters and texts
over postings in several languages, places and pay, checked both ways."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import pytest
from sqlalchemy import text

from adapters.container import Container
from adapters.postgres import alert_percolation
from adapters.postgres.alert_percolation import SQL_CHECKS, PostgresPercolation
from application.alerts.commands import FollowAlertLink, RequestAlert
from application.alerts.links import alert_links
from application.alerts.matching import CHECKS, TEXT_FIELDS, MatchPublishedPosting
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import (
    LocationInput,
    RequirementInput,
    SalaryInput,
    WorkingLanguageInput,
)
from application.commands.posting_lifecycle import PublishPosting
from application.queries.public_postings import ListPublicPostings, PostingFilters
from board_story import fields, verified_company
from domain.ids import AlertId, PostingId

EUR = SalaryInput(Decimal(60000), Decimal(80000), "EUR", "year")
POSTINGS = [
    fields(
        "Senior Kotlin Engineer",
        seniority="senior",
        salary=EUR,
        locations=(LocationInput("DE", "Berlin"),),
        requirements=(RequirementInput("Kotlin"), RequirementInput("PostgreSQL", "nice")),
        visa_sponsorship="yes",
        relocation_support="no",
        working_languages=(WorkingLanguageInput("de", "B2"),),
    ),
    fields(
        "Softwareentwickler Rust",
        language="de",
        description="Erfahrung mit Kunden.",
        locations=(LocationInput("DE", "Hamburg"),),
        workplace="remote",
        remote_countries=("AT", "CH"),
        requirements=(RequirementInput("Rust"),),
        visa_sponsorship="no",
        relocation_support="yes",
    ),
    fields(
        "Ingénieur logiciel Python",
        language="fr",
        description="Équipe d'ingénieurs.",
        locations=(LocationInput("FR", "Paris"),),
        employment_type="contract",
    ),
    fields(
        "Java Developer",
        locations=(LocationInput("GB", "London"),),
        requirements=(RequirementInput("Java"),),
        salary=SalaryInput(Decimal(4000), Decimal(5000), "GBP", "month"),
    ),
    fields(
        "Python Data Engineer",
        description="Kafka pipelines, no Java.",
        locations=(LocationInput("NL", "Amsterdam"),),
        seniority="junior",
        requirements=(RequirementInput("Python"), RequirementInput("Kafka")),
    ),
]

CASES = [
    PostingFilters(),
    PostingFilters(q="engineer"),
    PostingFilters(q="kotlin OR rust"),
    PostingFilters(q="-java python"),
    PostingFilters(q='"data engineer"'),
    PostingFilters(q="the"),
    PostingFilters(q="Erfahrung", language="de"),
    PostingFilters(q="ingénieur"),
    PostingFilters(q="python", countries=("NL",)),
    PostingFilters(countries=("AT",)),
    PostingFilters(countries=("DE", "FR")),
    PostingFilters(city="Berlin"),
    PostingFilters(city="berlin"),
    PostingFilters(language="fr"),
    PostingFilters(workplaces=("remote",)),
    PostingFilters(employment_types=("contract", "part_time")),
    PostingFilters(seniority="junior"),
    PostingFilters(company="alert-co-b"),
    PostingFilters(requirements=("Python",)),
    PostingFilters(requirements=("Python", "Kafka")),
    PostingFilters(requirements=("Kotlin",), q="senior"),
    PostingFilters(salary_min=Decimal(70000), currency="EUR"),
    PostingFilters(salary_min=Decimal(50000), currency="GBP"),
    PostingFilters(salary_min=Decimal(90000), currency="EUR"),
    PostingFilters(posted_within_days=1, workplaces=("hybrid",)),
    # The posting facts (decision 023): working languages or the posting's own language.
    PostingFilters(visa_sponsorship="yes"),
    PostingFilters(visa_sponsorship="unknown", countries=("FR", "GB")),
    PostingFilters(relocation_support="yes", q="rust"),
    PostingFilters(working_language="de"),
    PostingFilters(working_language="fr", relocation_support="unknown"),
]


@dataclass(frozen=True)
class World:
    postings: list[PostingId]
    alerts: list[AlertId]


@pytest.fixture
async def world(board: Container) -> World:
    app = board.application()
    companies = [await verified_company(app, f"Alert Co {c}") for c in "AB"]
    posting_ids = []
    for n, posting in enumerate(POSTINGS):
        company = companies[n % 2]
        posting_id = await app.commands.draft_posting(DraftPosting(company, posting))
        await app.commands.publish_posting(PublishPosting(company, posting_id))
        posting_ids.append(posting_id)
    await board.projector().drain()
    key = await board.alert_signing_key().key()
    alert_ids = []
    for n, filters in enumerate(CASES):
        state = await board.alerts().request(
            RequestAlert(f"case{n}@example.com", filters, "instant")
        )
        await board.alerts().confirm(FollowAlertLink(alert_links(key, state.alert_id).confirm))
        alert_ids.append(state.alert_id)
    return World(posting_ids, alert_ids)


@pytest.mark.parametrize(
    "unknown",
    [(), ("city", "requirements", "q", "currency", "working_language")],
    ids=["checked-in-the-statement", "some-left-to-the-search"],
)
async def test_percolation_finds_exactly_what_each_saved_search_finds(
    board: Container, world: World, unknown: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Filters the statement does not know (as a filter the search gains would be) are
    # verified by the search's own SQL for the one posting: the same answers either way.
    monkeypatch.setattr(
        alert_percolation, "KNOWN", [k for k in alert_percolation.KNOWN if k not in unknown]
    )
    percolation = PostgresPercolation(board.engine())
    match = MatchPublishedPosting(percolation, percolation, percolation)
    now = board.clock().now()
    postings, alerts = world.postings, world.alerts
    matched: dict[UUID, set[UUID]] = {a: set() for a in alerts}
    candidates = 0
    for posting_id in postings:
        found = await match(posting_id, now)
        candidates += found.candidates
        for alert_id in found.alert_ids:
            matched[alert_id].add(posting_id)
    search = board.application().queries.list_public_postings
    for alert_id, filters in zip(alerts, CASES, strict=True):
        result = await search(ListPublicPostings(filters, limit=100))
        expected = {item.posting_id for item in result.items}
        assert matched[alert_id] == expected, filters
    # The cases do select (not everything matches everything), and anchors prune.
    assert 0 < sum(len(m) for m in matched.values()) < len(CASES) * len(POSTINGS)
    assert candidates < len(CASES) * len(POSTINGS)


async def test_unconfirmed_and_unsubscribed_alerts_are_no_candidates(board: Container) -> None:
    app = board.application()
    company = await verified_company(app, "Quiet Co")
    await board.alerts().request(RequestAlert("p@example.com", PostingFilters(), "instant"))
    key = await board.alert_signing_key().key()
    ended = await board.alerts().request(RequestAlert("u@example.com", PostingFilters(), "daily"))
    links = alert_links(key, ended.alert_id)
    await board.alerts().confirm(FollowAlertLink(links.confirm))
    await board.alerts().unsubscribe(FollowAlertLink(links.unsubscribe))
    posting_id = await app.commands.draft_posting(DraftPosting(company, fields()))
    await app.commands.publish_posting(PublishPosting(company, posting_id))
    await board.projector().drain()
    percolation = PostgresPercolation(board.engine())
    found = await MatchPublishedPosting(percolation, percolation, percolation)(
        posting_id, board.clock().now()
    )
    assert found.candidates == 0 and found.alert_ids == ()


async def test_the_outbox_never_holds_an_alerts_address(board: Container) -> None:
    await board.alerts().request(
        RequestAlert("secret.person@example.com", PostingFilters(q="go"), "instant")
    )
    async with board.engine().connect() as connection:
        payloads = (await connection.execute(text("SELECT payload::text FROM outbox"))).all()
    assert payloads and not any("secret.person" in p[0] for p in payloads)


def test_the_statement_checks_every_filter_the_structured_check_does() -> None:
    assert set(SQL_CHECKS) == set(CHECKS) | TEXT_FIELDS
