"""EXPLAIN ANALYZE every read-path query shape on a large public_postings table.

    uv run python scripts/explain_read_paths.py --rows 1000000 --out docs/read-path-plans.md

Creates a database of its own on the server (DATABASE_URL, else 127.0.0.1:5432),
migrates it, fills the read model with synthetic postings (languages, countries,
skills and pay spread like a real board's; one word common to nearly all, one
rare), then runs the exact statements the API runs and writes their plans with
a table of headline figures. The database is dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import Select, TextClause, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from adapters.postgres.board_directory_reader import (
    COUNTRIES,
    COUNTRIES_IN_LANGUAGE,
    LANGUAGES,
    OPEN_POSTINGS,
    requirements_statement,
)
from adapters.postgres.database import async_url, asyncpg_dsn, create_engine
from adapters.postgres.facet_statements import counted_facets, facet_statement
from adapters.postgres.migrate import upgrade
from adapters.postgres.search_statement import search_statement
from application.queries.public_postings import (
    FACET_GROUPS,
    PostingFilters,
    PostingSearch,
    SearchCursor,
    Sort,
)

# The first synthetic company (FILL names them by number).
COMPANY_ZERO = "00000000-0000-4000-8000-000000000000"

FILL = """
WITH skills AS (SELECT ARRAY['Python','Java','Go','Rust','Kafka','PostgreSQL','MySQL','Redis',
    'Kubernetes','Docker','AWS','GCP','Terraform','React','TypeScript','Node.js','Ruby on Rails',
    'GraphQL','gRPC','Spark','Airflow','Scala','Kotlin','Swift','C++','C#','.NET','Elixir',
    'DynamoDB','Linux','English','French','German','Spanish','DDD','CQRS'] AS names),
languages AS (
  SELECT g, (ARRAY['en','en','en','en','en','en','fr','de','es','nl','it','pt'])[1 + (g % 12)] AS language
  FROM generate_series(:first, :last) g
),
picks AS (
  SELECT g, language,
    -- Postings are mostly in their country's language; English ones spread widely.
    CASE language
      WHEN 'fr' THEN (ARRAY['FR','FR','FR','BE','CA'])[1 + ((g / 12) % 5)]
      WHEN 'de' THEN (ARRAY['DE','DE','DE','AT','CH'])[1 + ((g / 12) % 5)]
      WHEN 'es' THEN (ARRAY['ES','ES','MX'])[1 + ((g / 12) % 3)]
      WHEN 'nl' THEN (ARRAY['NL','NL','BE'])[1 + ((g / 12) % 3)]
      WHEN 'it' THEN 'IT'
      WHEN 'pt' THEN (ARRAY['PT','BR'])[1 + ((g / 12) % 2)]
      ELSE (ARRAY['GB','US','IE','DE','NL','PL','SE','CA','FR','ES'])[1 + ((g * 7) % 10)]
    END AS country,
    (ARRAY['London','Berlin','Paris','Madrid','Amsterdam','Lisbon','Dublin','Warsaw'])[1 + ((g * 3) % 8)] AS city,
    (ARRAY['onsite','hybrid','remote'])[1 + ((g * 5) % 3)] AS workplace,
    (ARRAY['full_time','full_time','full_time','part_time','contract','temporary','internship'])[1 + ((g * 11) % 7)] AS employment_type,
    (ARRAY['junior','mid','senior','lead','principal'])[1 + ((g * 13) % 5)] AS seniority,
    (ARRAY['Senior','Staff','Junior','Lead','Principal',''])[1 + (g % 6)] || ' '
      || (ARRAY['Backend','Frontend','Data','Platform','Mobile','Security','Site Reliability'])[1 + ((g * 17) % 7)] || ' '
      || (ARRAY['Engineer','Developer','Architect','Analyst','Manager'])[1 + ((g * 19) % 5)] AS title,
    ARRAY[(SELECT names[1 + ((g * 23) % 36)] FROM skills), (SELECT names[1 + ((g * 29 + 5) % 36)] FROM skills),
          (SELECT names[1 + ((g * 31 + 11) % 36)] FROM skills)] AS skills,
    30000 + (g * 37) % 90000 AS pay,
    (ARRAY['EUR','EUR','USD','GBP'])[1 + ((g * 41) % 4)] AS currency,
    now() - make_interval(secs => (g * 2.5)) AS published_at
  FROM languages
)
INSERT INTO public_postings (id, company_id, company_name, company_slug, title, description,
  language, locations, countries, cities, remote_countries, workplace, employment_type,
  seniority, salary_min, salary_max, salary_currency, salary_period, responsibilities,
  benefits, requirements, requirement_names, published_at, valid_through, version,
  annual_salary_min, annual_salary_max, search)
SELECT gen_random_uuid(), company.id, company.name, company.slug, title,
  'Join our team to build reliable systems. ' || CASE WHEN g % 1000 = 0 THEN 'Experience with Erlang helps. ' ELSE '' END,
  language, jsonb_build_array(jsonb_build_object('country', country, 'city', city)),
  ARRAY[country]::varchar(2)[], ARRAY[city], '{}'::varchar(2)[], workplace, employment_type,
  seniority, pay, pay + 20000, currency, 'year', '["Design services"]'::jsonb, '[]'::jsonb,
  (SELECT jsonb_agg(jsonb_build_object('name', s, 'kind', 'skill', 'importance', 'must',
      'min_years', NULL, 'detail', NULL)) FROM unnest(skills) s),
  ARRAY(SELECT DISTINCT s FROM unnest(skills) s ORDER BY 1),
  published_at, published_at + interval '60 days', 1, pay, pay + 20000,
  setweight(to_tsvector(jobboard_ts_config(language), title), 'A')
  || setweight(to_tsvector(jobboard_ts_config(language), array_to_string(skills, ' ')), 'B')
  || setweight(to_tsvector(jobboard_ts_config(language), company.name), 'C')
  || setweight(to_tsvector(jobboard_ts_config(language), 'Join our team to build reliable systems.'
       || CASE WHEN g % 1000 = 0 THEN ' Experience with Erlang helps.' ELSE '' END), 'D')
FROM picks
CROSS JOIN LATERAL (SELECT ('00000000-0000-4000-8000-' || lpad(((g % 2000))::text, 12, '0'))::uuid AS id,
                           'Company ' || (g % 2000) AS name, 'company-' || (g % 2000) AS slug) company
"""


@dataclass
class Shape:
    name: str
    statement: Select[Any] | TextClause
    params: dict[str, Any] = field(default_factory=dict)


def shapes(now: datetime, cursor: SearchCursor) -> list[Shape]:
    def search(
        filters: PostingFilters, sort: Sort, after: SearchCursor | None = None
    ) -> Select[Any]:
        return search_statement(PostingSearch(filters, sort, 21, after, now), now)

    listed = [
        Shape("newest page, no filter", search(PostingFilters(), Sort.NEWEST)),
        Shape(
            "newest page, two filters (country=FR, language=fr)",
            search(PostingFilters(countries=("FR",), language="fr"), Sort.NEWEST),
        ),
        Shape(
            "newest page, requirement=Kafka and workplace=remote",
            search(PostingFilters(requirements=("Kafka",), workplaces=("remote",)), Sort.NEWEST),
        ),
        Shape(
            "newest page, pay >= 100000 EUR a year",
            search(PostingFilters(salary_min=100000, currency="EUR"), Sort.NEWEST),  # type: ignore[arg-type]
        ),
        Shape("page 500 by cursor (newest)", search(PostingFilters(), Sort.NEWEST, cursor)),
        Shape(
            "ranked text search, common word (team)",
            search(PostingFilters(q="team"), Sort.RELEVANCE),
        ),
        Shape(
            "ranked text search, rare word (erlang)",
            search(PostingFilters(q="erlang"), Sort.RELEVANCE),
        ),
        Shape(
            "ranked text search, mid word (kafka)",
            search(PostingFilters(q="kafka"), Sort.RELEVANCE),
        ),
        Shape(
            "ranked text search, two words (senior engineer)",
            search(PostingFilters(q="senior engineer"), Sort.RELEVANCE),
        ),
        Shape(
            "ranked text search, common word, language=en",
            search(PostingFilters(q="engineer", language="en"), Sort.RELEVANCE),
        ),
    ]
    for group in FACET_GROUPS:
        listed.append(
            Shape(
                f"facet {group}, filter country=DE (counted over the matches)",
                facet_statement(group, PostingFilters(countries=("DE",)), now),
            )
        )
    for group in FACET_GROUPS:
        listed.append(
            Shape(
                f"facet {group}, no filter (from the counts)",
                counted_facets((group,), False),
                {"now": now, "language": None},
            )
        )
        listed.append(
            Shape(
                f"facet {group}, language=fr (from the counts)",
                counted_facets((group,), True),
                {"now": now, "language": "fr"},
            )
        )
    order = " ORDER BY postings DESC, value"
    listed += [
        Shape(
            "countries?language=fr",
            text(COUNTRIES_IN_LANGUAGE + order),
            {"now": now, "language": "fr"},
        ),
        Shape("countries (every language)", text(COUNTRIES + order), {"now": now}),
        Shape("languages", text(LANGUAGES + order), {"now": now}),
        Shape("requirements?prefix=k", requirements_statement("k", None, 50), {"now": now}),
        Shape("company open postings", text(OPEN_POSTINGS), {"now": now, "value": COMPANY_ZERO}),
    ]
    return listed


async def explain(engine: AsyncEngine, shape: Shape) -> tuple[str, float]:
    async with engine.connect() as connection:
        if isinstance(shape.statement, TextClause):
            rows = await connection.execute(
                text(f"EXPLAIN (ANALYZE, BUFFERS) {shape.statement.text}"), shape.params
            )
        else:
            compiled = shape.statement.compile(
                dialect=engine.dialect, compile_kwargs={"render_postcompile": True}
            )
            params = tuple(
                shape.params.get(name, compiled.params[name]) for name in compiled.positiontup or ()
            )
            sql = re.sub(r"%\((\w+)\)s", "?", compiled.string)
            rows = await connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = "\n".join(r[0] for r in rows)
    took = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))  # type: ignore[union-attr]
    return plan, took


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path("docs/read-path-plans.md"))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    server = async_url(
        os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    name = f"jobboard_plans_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(asyncpg_dsn(server))
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    try:
        await asyncio.to_thread(upgrade, url)
        started = time.perf_counter()
        fill = await asyncpg.connect(asyncpg_dsn(url))
        batch = 100_000
        for first in range(1, args.rows + 1, batch):
            last = min(first + batch - 1, args.rows)
            await fill.execute(FILL.replace(":first", str(first)).replace(":last", str(last)))
            print(f"filled {last:>9} rows  {time.perf_counter() - started:6.1f} s", flush=True)
        await fill.execute("VACUUM ANALYZE public_postings")
        version = await fill.fetchval("SHOW server_version")
        await fill.close()
        now = datetime.now(UTC)
        async with engine.connect() as connection:
            row: Any = (
                await connection.exec_driver_sql(
                    "SELECT published_at, id FROM public_postings ORDER BY published_at DESC, id DESC"
                    " OFFSET 9999 LIMIT 1"
                )
            ).one()
        cursor = SearchCursor(Sort.NEWEST, row[0], row[1])
        results = []
        for shape in shapes(now, cursor):
            await explain(engine, shape)  # warm the cache: steady-state figures
            plan, took = await explain(engine, shape)
            results.append((shape.name, took, plan))
            print(f"{took:9.2f} ms  {shape.name}", flush=True)
        write_report(args.out, args.rows, str(version), results)
        print(f"wrote {args.out}")
    finally:
        await engine.dispose()
        if not args.keep:
            admin = await asyncpg.connect(asyncpg_dsn(server))
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()
    return 0


def write_report(out: Path, rows: int, version: str, results: list[tuple[str, float, str]]) -> None:
    lines = [
        "# Read-path query plans",
        "",
        f"`scripts/explain_read_paths.py --rows {rows}` on PostgreSQL {version}, 2 cores,",
        f"public_postings filled with {rows:,} synthetic postings. Execution times are the",
        "second run of each statement (warm cache); the plans follow.",
        "",
        "| query shape | execution time |",
        "|---|---|",
    ]
    lines += [f"| {name} | {took:.2f} ms |" for name, took, _ in results]
    for name, took, plan in results:
        if plan:
            lines += ["", f"## {name} ({took:.2f} ms)", "", "```", plan, "```"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
