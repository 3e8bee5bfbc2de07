"""Percolation's figure: the time to match one published posting against the confirmed
alerts, as a ratio to the time the publish itself takes (issue 20: at most 1).

    uv run python -m bench.alerts --alerts 100000 --postings 30

A fresh, migrated database gets ``--alerts`` confirmed alerts written in bulk (their
filters, anchor keys and tsqueries made by the code POST /v1/alerts runs; only the
unit of work is skipped, which would take minutes), then ``--postings`` postings are
drafted and published through the board's own commands. Each publish (the command: load,
the domain's rules, the write and its events) is timed; then, once the projector applied
them, matching each one (MatchPublishedPosting over PostgreSQL: the candidates sharing an
anchor key, their text checked by their stored tsquery in the same statement, then the
exact structured check) is timed. Printed: the medians and p90s, the ratio of the medians,
and the candidates and matches per posting. Nothing is asserted.

The mix is meant to be a real board's: most alerts name a skill or a word within one or
two countries, or a city; some a company; a few are broad (a country and a seniority, or
one word anywhere). Matches per posting come out in the tens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import asyncpg

from adapters.container import Container, release
from adapters.postgres.alert_percolation import PostgresPercolation
from adapters.postgres.database import asyncpg_dsn
from adapters.settings import Settings
from application.alerts.matching import MatchPublishedPosting, anchor_keys, text_keys
from application.alerts.saved_filters import saved_search
from application.audit import Actor
from application.commands.company_status import VerifyCompany
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import LocationInput, RequirementInput, SalaryInput
from application.commands.posting_lifecycle import PublishPosting
from application.commands.register_company import RegisterCompany
from application.queries.public_postings import PostingFilters, validated
from bench.fill import create_database, drop_database, server
from domain.iso_codes import COUNTRIES as ISO_COUNTRIES

# A catalogue of 1,000 skills (48 real names, the rest numbered), 60 countries of five
# cities each, 400 employers: a real board's spread, so that an alert naming a skill in a
# country is about as rare as it is on one.
REAL_SKILLS = (
    "Python Go Rust Kotlin Java Scala TypeScript JavaScript Ruby PHP Elixir Swift C++ C# "
    "PostgreSQL MySQL Redis Kafka Kubernetes Terraform AWS GCP Azure Docker React Vue "
    "Angular Django Spring Rails Node.js GraphQL Spark Airflow dbt Snowflake PyTorch "
    "TensorFlow Linux Ansible Elasticsearch RabbitMQ gRPC Flutter Android iOS Figma SQL"
)
SKILLS = (*REAL_SKILLS.split(), *(f"Toolkit{n}" for n in range(1000 - 48)))
ROLES = (
    "engineer",
    "developer",
    "architect",
    "analyst",
    "scientist",
    "designer",
    "manager",
    "administrator",
    "consultant",
    "tester",
)
AREAS = (
    *[
        "backend",
        "frontend",
        "platform",
        "data",
        "mobile",
        "security",
        "devops",
        "cloud",
        "embedded",
        "payments",
        "infrastructure",
        "observability",
        "quality",
        "reliability",
        "fullstack",
        "search",
        "billing",
        "identity",
        "analytics",
        "growth",
    ],
    *(f"domain{n}" for n in range(20)),
)
# Sixty countries of the ISO list, drawn once (a fixed seed): a board spans many.
COUNTRIES = tuple(sorted(random.Random(60).sample(sorted(ISO_COUNTRIES), 60)))
PLACES = {c: tuple(f"{c} City {n}" for n in range(5)) for c in COUNTRIES}
SENIORITIES = ("junior", "mid", "senior", "lead")
COMPANIES = 400
ADMIN = Actor.cli("bench")


def _alert_filters(rng: random.Random, companies: list[str]) -> PostingFilters:
    """One saved search of the mix."""
    roll = rng.random()
    countries = tuple(rng.sample(COUNTRIES, rng.choice((1, 1, 1, 2))))
    word = rng.choice((*SKILLS, *AREAS)).lower()
    if roll < 0.35:  # a word within a country or two
        return PostingFilters(q=word, countries=countries)
    if roll < 0.65:  # a skill within a country or two
        return PostingFilters(requirements=(rng.choice(SKILLS),), countries=countries)
    if roll < 0.75:  # a city, perhaps with a word
        country = rng.choice(COUNTRIES)
        return PostingFilters(
            city=rng.choice(PLACES[country]), q=word if rng.random() < 0.5 else None
        )
    if roll < 0.90:  # a role and a skill, anywhere
        return PostingFilters(q=rng.choice(ROLES), requirements=(rng.choice(SKILLS),))
    if roll < 0.95:  # broad: a country, a seniority and a workplace
        return PostingFilters(
            countries=countries[:1],
            seniority=rng.choice(SENIORITIES),
            workplaces=(rng.choice(("onsite", "hybrid", "remote")),),
        )
    if roll < 0.99:  # one employer
        return PostingFilters(company=rng.choice(companies))
    return PostingFilters(q=f'"{rng.choice(AREAS)} {rng.choice(ROLES)}"')  # a phrase anywhere


async def _write_alerts(
    url: str, count: int, rng: random.Random, companies: list[str], container: Container
) -> None:
    percolation = PostgresPercolation(container.engine())
    tsqueries: dict[tuple[str, str | None], str] = {}
    now = datetime.now(UTC)
    records: list[tuple[Any, ...]] = []
    for n in range(count):
        filters = validated(_alert_filters(rng, companies))
        tsquery = None
        if filters.q:
            key = (filters.q, filters.language)
            if key not in tsqueries:
                tsqueries[key] = await percolation.tsquery(filters.q, filters.language)
            tsquery = tsqueries[key]
        keys = anchor_keys(filters, text_keys(tsquery) if tsquery else None)
        saved = saved_search(filters)
        records.append(
            (
                uuid.uuid4(),
                f"reader{n}@bench.example",
                json.dumps({name: list(values) for name, values in saved.filters}),
                "instant" if rng.random() < 0.7 else "daily",
                "confirmed",
                uuid.uuid4().hex + uuid.uuid4().hex,
                uuid.uuid4().hex + uuid.uuid4().hex,
                keys,
                tsquery,
                now,
                now,
                2,
            )
        )
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.copy_records_to_table(
            "alerts",
            records=records,
            columns=(
                "id",
                "email",
                "filters",
                "frequency",
                "status",
                "confirm_digest",
                "unsubscribe_digest",
                "anchor_keys",
                "text_query",
                "created_at",
                "confirmed_at",
                "version",
            ),
        )
        await connection.execute("ANALYZE alerts")
    finally:
        await connection.close()


def _fields(rng: random.Random) -> Any:
    from application.commands.posting_input import ApplicationMethodInput, PostingFields

    country = rng.choice(COUNTRIES)
    skills = rng.sample(SKILLS, rng.randint(3, 5))
    area, role = rng.choice(AREAS), rng.choice(ROLES)
    seniority = rng.choice(SENIORITIES)
    remote = rng.random() < 0.3
    return PostingFields(
        title=f"{seniority.title()} {area.title()} {skills[0]} {role.title()}",
        description=f"Join the {area} team. You build our product with {', '.join(skills)}.",
        language="en",
        locations=(LocationInput(country, rng.choice(PLACES[country])),),
        workplace="remote" if remote else rng.choice(("onsite", "hybrid")),
        remote_countries=tuple(rng.sample(COUNTRIES, 2)) if remote else (),
        employment_type="full_time",
        seniority=seniority,
        salary=SalaryInput(Decimal(50000), Decimal(rng.randint(60, 120) * 1000), "EUR", "year"),
        requirements=tuple(RequirementInput(s) for s in skills),
        application_method=ApplicationMethodInput("board"),
    )


def _p90(values: list[float]) -> float:
    return sorted(values)[int(0.9 * (len(values) - 1))]


async def run(alerts: int, postings: int, seed: int, keep: bool) -> dict[str, Any]:
    rng = random.Random(seed)
    with server() as server_url:
        url = await create_database(server_url, "alerts")
        container = Container(
            # No moderation hold (decision 020): every posting measured goes public at once.
            settings=Settings(database_url=url, run_projector=False, moderation_new_company_days=0),
            database_url=url,
        )
        try:
            app = container.application()
            company_ids, slugs = [], []
            for n in range(COMPANIES):
                registered = await app.commands.register_company(
                    RegisterCompany(f"Bench Employer {n}", rng.choice(COUNTRIES))
                )
                await app.commands.verify_company(VerifyCompany(registered.company_id, actor=ADMIN))
                company_ids.append(registered.company_id)
                slugs.append(f"bench-employer-{n}")
            started = time.perf_counter()
            await _write_alerts(url, alerts, rng, slugs, container)
            written = time.perf_counter() - started
            # One posting first, untimed: warms the pools, the caches and the plans.
            drafts = []
            for _ in range(postings + 1):
                company = rng.choice(company_ids)
                drafts.append(
                    (company, await app.commands.draft_posting(DraftPosting(company, _fields(rng))))
                )
            # Each posting is published (timed), projected, then matched (timed), so both
            # figures of a posting are taken under the same load of the machine.
            percolation = PostgresPercolation(container.engine())
            match = MatchPublishedPosting(percolation, percolation, percolation)
            publish_ms, match_ms, candidates, matches = [], [], [], []
            for n, (company, posting_id) in enumerate(drafts):
                started = time.perf_counter()
                await app.commands.publish_posting(PublishPosting(company, posting_id))
                published = time.perf_counter()
                await container.projector().drain()
                now = container.clock().now()
                matching = time.perf_counter()
                found = await match(posting_id, now)
                matched = time.perf_counter()
                if n:
                    publish_ms.append((published - started) * 1000)
                    match_ms.append((matched - matching) * 1000)
                    candidates.append(found.candidates)
                    matches.append(len(found.alert_ids))
        finally:
            await release(container)
            if not keep:
                await drop_database(url)
    publish, matching = statistics.median(publish_ms), statistics.median(match_ms)
    ratios = [m / p for m, p in zip(match_ms, publish_ms, strict=True)]
    return {
        "alerts": alerts,
        "postings": postings,
        "alerts_written_s": round(written, 1),
        "publish_ms_p50": round(publish, 2),
        "publish_ms_p90": round(_p90(publish_ms), 2),
        "match_ms_p50": round(matching, 2),
        "match_ms_p90": round(_p90(match_ms), 2),
        "ratio_of_medians": round(matching / publish, 2),
        "ratio_p50": round(statistics.median(ratios), 2),
        "ratio_p90": round(_p90(ratios), 2),
        "candidates_p50": statistics.median(candidates),
        "candidates_max": max(candidates),
        "matches_p50": statistics.median(matches),
        "matches_max": max(matches),
        "matches_min": min(matches),
        "candidates_per_posting": candidates,
        "matches_per_posting": matches,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alerts", type=int, default=100_000)
    parser.add_argument("--postings", type=int, default=30)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--out", help="also write the figures as JSON here")
    args = parser.parse_args()
    figures = asyncio.run(run(args.alerts, args.postings, args.seed, args.keep))
    print(
        f"{figures['alerts']:,} confirmed alerts, {figures['postings']} postings published\n"
        f"publish   p50 {figures['publish_ms_p50']} ms  p90 {figures['publish_ms_p90']} ms\n"
        f"matching  p50 {figures['match_ms_p50']} ms  p90 {figures['match_ms_p90']} ms\n"
        f"ratio matching / publish: of the medians {figures['ratio_of_medians']}, per posting "
        f"p50 {figures['ratio_p50']} p90 {figures['ratio_p90']}  (target <= 1)\n"
        f"candidates per posting: p50 {figures['candidates_p50']}, max "
        f"{figures['candidates_max']}\n"
        f"matches per posting: p50 {figures['matches_p50']}, min {figures['matches_min']}, "
        f"max {figures['matches_max']}\n"
        f"candidates: {figures['candidates_per_posting']}\n"
        f"matches:    {figures['matches_per_posting']}"
    )
    if args.out:
        with open(args.out, "w") as out:
            json.dump(figures, out, indent=2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
