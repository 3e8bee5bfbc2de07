"""The duplicate check's cost per publish, at 100k and 1M public postings.

    uv run python -m bench.duplicates [--postings 100000,1000000] [--publishes 200]

For each size a scratch database (DATABASE_URL's server, else 127.0.0.1:5432) is migrated
and filled in bulk with SQL: that many published postings of filler companies, each with
a synthetic signature (512 random bytes) and 21 random band keys, the band index built
after the load as a restore would. Then ``--publishes`` drafts of a verified company, each
a unique ad of seed-text vocabulary and length (about 500 shingles), are published through
the real handler, alternately with the check (``DuplicatePolicy()``) and without it
(``duplicates=None``), so drift hits both alike. Printed: the median and mean wall time of
a publish either way, their ratio, and the index lookup alone. Nothing is asserted (speed
goes here, not in the tests); figures and their reading are in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import asyncpg

from adapters.container import Container, release
from adapters.postgres.database import asyncpg_dsn
from adapters.settings import Settings
from application.audit import Actor
from application.catalogue import Application
from application.commands.company_status import VerifyCompany
from application.commands.draft_posting import DraftPosting
from application.commands.moderation import Moderation
from application.commands.posting_input import (
    ApplicationMethodInput,
    LocationInput,
    PostingFields,
)
from application.commands.posting_lifecycle import PublishPosting, PublishPostingHandler
from application.commands.register_company import RegisterCompany
from application.duplicates import DuplicatePolicy
from application.ports import UnitOfWorkFactory
from bench.fill import create_database, drop_database, server
from domain.ids import CompanyId, PostingId
from domain.moderation import ModerationPolicy
from domain.near_duplicates import AdSignature, normalised_words

FILLERS = 1000  # filler companies the synthetic postings belong to
SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds" / "raw").glob("*.txt"))
BENCH_ADMIN = Actor.cli("bench")

_FILL = [
    """INSERT INTO companies (id, slug, name, website, description, country, status,
        created_at, updated_at, version)
    SELECT gen_random_uuid(), 'filler-' || i, 'Filler ' || i, NULL, 'A filler company.', 'GB',
        'verified', now(), now(), 2
    FROM generate_series(1, {fillers}) i""",
    """INSERT INTO postings (id, company_id, status, title, description, language, locations,
        remote_countries, workplace, employment_type, responsibilities, benefits,
        published_at, valid_through, created_at, updated_at, version, application_kind)
    SELECT gen_random_uuid(), c.id, 'published', 'Filler job', 'A filler ad.', 'en', '[]',
        '{{GB}}', 'remote', 'full_time', '[]', '[]', now(), now() + interval '60 days',
        now(), now(), 2, 'board'
    FROM generate_series(1, {postings}) i
    JOIN LATERAL (SELECT id FROM companies WHERE slug = 'filler-' || (1 + i % {fillers})) c
        ON true""",
    """INSERT INTO near_duplicate_signatures (posting_id, company_id, minhash, signed_at)
    SELECT id, company_id, decode(repeat(md5(random()::text), 32), 'hex'), now()
    FROM postings""",
    "ALTER TABLE near_duplicate_bands DROP CONSTRAINT pk_near_duplicate_bands",
    "DROP INDEX ix_near_duplicate_bands_posting",
    """INSERT INTO near_duplicate_bands (band_key, posting_id)
    SELECT (random() * 18446744073709551615 - 9223372036854775808)::bigint, posting_id
    FROM near_duplicate_signatures, generate_series(1, 21)""",
    """ALTER TABLE near_duplicate_bands
        ADD CONSTRAINT pk_near_duplicate_bands PRIMARY KEY (band_key, posting_id)""",
    "CREATE INDEX ix_near_duplicate_bands_posting ON near_duplicate_bands (posting_id)",
    "VACUUM ANALYZE",
]


@dataclass
class Figures:
    postings: int
    fill_s: float
    with_check_ms: list[float]
    without_ms: list[float]
    lookup_ms: list[float]
    sign_ms: list[float]

    def line(self) -> str:
        w, wo = statistics.median(self.with_check_ms), statistics.median(self.without_ms)
        mw, mwo = statistics.mean(self.with_check_ms), statistics.mean(self.without_ms)
        return (
            f"{self.postings:>9,} | {wo:7.2f} | {w:7.2f} | {w / wo:5.2f}x"
            f" | {mwo:7.2f} | {mw:7.2f} | {mw / mwo:5.2f}x"
            f" | {statistics.median(self.sign_ms):6.2f} | {statistics.median(self.lookup_ms):6.2f}"
            f" | {self.fill_s:6.0f}"
        )


async def fill(url: str, postings: int) -> float:
    started = time.perf_counter()
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await connection.execute("SET maintenance_work_mem = '512MB'")
        for statement in _FILL:
            await connection.execute(statement.format(postings=postings, fillers=FILLERS))
    finally:
        await connection.close()
    return time.perf_counter() - started


def unique_ads(count: int, seed: int) -> list[str]:
    """Ads of the seed texts' vocabulary and shape (about 40 lines of 8-16 words), each its
    own: no two are near-duplicates, as on a board of honest employers."""
    vocabulary = sorted(
        {w for path in SEEDS for w in normalised_words(path.read_text(encoding="utf-8"))}
    )
    rng = random.Random(seed)
    return [
        "\n".join(
            " ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 16))) for _ in range(40)
        )
        for _ in range(count)
    ]


async def measure(url: str, postings: int, publishes: int, fill_s: float) -> Figures:
    settings = Settings(database_url=url, run_projector=False, metrics_enabled=False)
    container = Container(settings=settings, database_url=url)
    try:
        app: Application = container.use_cases()
        registered = await app.commands.register_company(RegisterCompany("Bench Hiring", "GB"))
        company = registered.company_id
        await app.commands.verify_company(VerifyCompany(company, actor=BENCH_ADMIN))
        # The container's unit-of-work factory (its provider, typed by what it makes).
        uow = cast(UnitOfWorkFactory, container.uow())
        # No moderation hold: both publish straight to the board, the check is the difference.
        unmoderated = Moderation(ModerationPolicy(new_company_days=0))
        checked = PublishPostingHandler(
            uow, container.clock(), unmoderated, duplicates=DuplicatePolicy()
        )
        unchecked = PublishPostingHandler(uow, container.clock(), unmoderated, duplicates=None)
        ads = unique_ads(publishes * 2, seed=postings)
        drafts = [await _draft(app, company, ad) for ad in ads]
        for handler, posting in ((checked, drafts.pop()), (unchecked, drafts.pop())):
            await handler(PublishPosting(company, posting))  # warm both paths up
        with_check: list[float] = []
        without: list[float] = []
        for i, posting in enumerate(drafts):
            handler, times = (checked, with_check) if i % 2 == 0 else (unchecked, without)
            started = time.perf_counter()
            await handler(PublishPosting(company, posting))
            times.append((time.perf_counter() - started) * 1000)
        lookups = await _lookups(uow, ads[:50])
        return Figures(postings, fill_s, with_check, without, lookups, _signing(ads[:50]))
    finally:
        await release(container)


async def _draft(app: Application, company: CompanyId, ad: str) -> PostingId:
    fields = PostingFields(
        title="Senior Backend Engineer",
        description=ad,
        language="en",
        locations=(LocationInput("GB", "London"),),
        workplace="hybrid",
        employment_type="full_time",
        application_method=ApplicationMethodInput("board"),
    )
    return await app.commands.draft_posting(DraftPosting(company, fields))


async def _lookups(uow: UnitOfWorkFactory, ads: list[str]) -> list[float]:
    times = []
    for ad in ads:
        signature = AdSignature.of_text(ad)
        assert signature is not None
        async with uow() as unit:
            started = time.perf_counter()
            await unit.near_duplicates.near(signature, datetime.now(UTC))
            times.append((time.perf_counter() - started) * 1000)
    return times


def _signing(ads: list[str]) -> list[float]:
    """The CPU of signing an ad alone (shingles and 128 MinHash values)."""
    times = []
    for ad in ads:
        started = time.perf_counter()
        AdSignature.of_text(ad)
        times.append((time.perf_counter() - started) * 1000)
    return times


async def run(sizes: list[int], publishes: int) -> list[Figures]:
    figures = []
    with server() as server_url:
        for size in sizes:
            url = await create_database(server_url, f"dup{size}")
            try:
                fill_s = await fill(url, size)
                print(f"filled {size:,} public postings with signatures in {fill_s:.0f} s")
                figures.append(await measure(url, size, publishes, fill_s))
                print(figures[-1].line(), flush=True)
            finally:
                await drop_database(url)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", default="100000,1000000")
    parser.add_argument("--publishes", type=int, default=200)
    args = parser.parse_args()
    sizes = [int(n) for n in args.postings.split(",")]
    figures = asyncio.run(run(sizes, args.publishes))
    print()
    print("publish, ms: median without | with | ratio | mean without | with | ratio |")
    print("  signing alone, lookup alone (median ms) | fill s")
    print(
        " postings | without |    with | ratio |  mean wo |  mean w | ratio |"
        "   sign | lookup |  fill"
    )
    for f in figures:
        print(f.line())


if __name__ == "__main__":
    main()
