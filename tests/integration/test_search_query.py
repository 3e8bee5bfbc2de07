"""jobboard_search_query: the text read in every search language, each distinct reading once,
matches and ranks exactly what the OR of all eight readings did, and is folded at planning."""

from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.search_filters_sql import SEARCH_LANGUAGES, text_query
from adapters.postgres.tables import public_postings as pp

CONFIGS = ("simple", *SEARCH_LANGUAGES)

# Postings in the board's languages, weighted as the projection weights them.
POSTINGS = [
    (
        "en",
        "Senior Software Engineer",
        "Kafka Python PostgreSQL",
        "Acme",
        "Engineering the customer experience of our teams.",
    ),
    (
        "en",
        "Barista",
        "Customer service",
        "Beans",
        "Engines and engineers welcome; we serve customers.",
    ),
    (
        "fr",
        "Ingénieur logiciel senior",
        "Python Kafka",
        "Société",
        "Expérience client, équipe d'ingénieurs.",
    ),
    (
        "de",
        "Softwareentwickler",
        "Rust gRPC",
        "Firma",
        "Erfahrung mit Kubernetes, Kunden und Ingenieuren.",
    ),
    (
        "es",
        "Desarrollador senior",
        "Python",
        "Empresa",
        "Experiencia con clientes y equipos de ingeniería.",
    ),
    ("it", "Sviluppatore", "Java", "Azienda", "Esperienza con Kubernetes e clienti."),
    ("pt", "Programador", "Go Redis", "Empresa", "Experiência com clientes e engenheiros."),
    ("nl", "Ontwikkelaar", "Terraform", "Bedrijf", "Ervaring met klanten, team van engineers."),
    ("pl", "Programista", "Rust gRPC", "Firma", "Doświadczenie z klientami i zespołem."),
]

# Words read alike and apart by the stemmers, phrases, negations, an OR, stop words,
# nothing at all; and "rust grpc", an AND every configuration reads alike.
TEXTS = [
    "engineer",
    "experience",
    "customer",
    "team",
    "kubernetes",
    "terraform",
    "the",
    "!!!",
    "senior engineer",
    "python developer",
    '"senior software" engineer',
    "-java python",
    "kafka OR rust",
    "rust grpc",
    '"rust grpc"',
    "ingénieur",
    "Erfahrung",
    "clientes",
    "engenheiros",
    "klanten",
]

EIGHT_WAY = " || ".join(f"websearch_to_tsquery('{config}'::regconfig, q.q)" for config in CONFIGS)
CONFIG_ARRAY = "ARRAY[" + ", ".join(f"'{c}'" for c in CONFIGS) + "]::regconfig[]"

COMPARE = f"""
WITH postings(n, search) AS (
    SELECT n, setweight(to_tsvector(jobboard_ts_config(language), title), 'A')
              || setweight(to_tsvector(jobboard_ts_config(language), skills), 'B')
              || setweight(to_tsvector(jobboard_ts_config(language), company), 'C')
              || setweight(to_tsvector(jobboard_ts_config(language), description), 'D')
    FROM unnest(CAST(:languages AS text[]), CAST(:titles AS text[]), CAST(:skills AS text[]),
                CAST(:companies AS text[]), CAST(:descriptions AS text[]))
         WITH ORDINALITY AS p(language, title, skills, company, description, n)
),
queries AS (
    SELECT q.q, {EIGHT_WAY} AS eight_way, jobboard_search_query(q.q, {CONFIG_ARRAY}) AS deduped
    FROM unnest(CAST(:texts AS text[])) AS q(q)
)
SELECT q, n, search @@ eight_way AS matched, search @@ deduped AS matches,
       ts_rank(search, eight_way) AS ranked, ts_rank(search, deduped) AS ranks,
       numnode(eight_way) AS eight_way_nodes, numnode(deduped) AS deduped_nodes
FROM queries CROSS JOIN postings
"""


def _columns() -> dict[str, list[str]]:
    languages, titles, skills, companies, descriptions = (
        list(c) for c in zip(*POSTINGS, strict=True)
    )
    return {
        "languages": languages,
        "titles": titles,
        "skills": skills,
        "companies": companies,
        "descriptions": descriptions,
        "texts": TEXTS,
    }


async def test_the_deduplicated_query_matches_and_ranks_as_the_eight_way_or(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        rows = (await connection.execute(text(COMPARE), _columns())).all()

    assert len(rows) == len(TEXTS) * len(POSTINGS)
    for row in rows:
        assert row.matches == row.matched, row
        assert row.ranks == row.ranked, row
    assert sum(row.matched for row in rows) > 20  # the texts do find postings
    by_text = {row.q: row for row in rows}
    assert by_text["team"].deduped_nodes == 1 < by_text["team"].eight_way_nodes
    assert by_text["engineer"].deduped_nodes < by_text["engineer"].eight_way_nodes
    # An AND read alike everywhere keeps one copy beside it: ts_rank ranks an OR by its
    # words but an AND otherwise, and the eight-way query was an OR.
    assert by_text["rust grpc"].deduped_nodes == 7
    rust = [r for r in rows if r.q == "rust grpc" and r.matched]
    assert rust and all(r.ranks == r.ranked for r in rust)


async def test_the_deduplicated_query_keeps_each_reading_once(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as connection:
        readings = (
            await connection.execute(
                text(f"SELECT jobboard_search_query(CAST(:q AS text), {CONFIG_ARRAY})::text"),
                {"q": "engineer"},
            )
        ).scalar_one()
        nothing = (
            await connection.execute(
                text(f"SELECT numnode(jobboard_search_query('!!!', {CONFIG_ARRAY}))")
            )
        ).scalar_one()
    assert sorted(readings.split(" | ")) == ["'engin'", "'engine'", "'engineer'", "'enginer'"]
    assert nothing == 0


async def test_the_planner_sees_the_folded_query_not_the_call(
    engine: AsyncEngine,
) -> None:
    """Planned for its value: the plan carries the tsquery, so the row estimates are the
    word's own (a function left to run at execution would be estimated blind)."""
    query = select(pp.c.id).where(pp.c.search.op("@@")(text_query("kafka", None)))
    compiled = query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
    async with engine.connect() as connection:
        plan = "\n".join(
            row[0] for row in await connection.exec_driver_sql(f"EXPLAIN {compiled.string}")
        )
    assert "jobboard_search_query" not in plan
    assert "'kafka' | 'kafk'" in plan.replace("''", "'")


async def test_the_search_vector_stays_in_the_row(engine: AsyncEngine) -> None:
    """A ranked search reads the vector of every row it walks: out of line, in the TOAST
    table, each read cost an index lookup and a page more."""
    async with engine.connect() as connection:
        storage = (
            await connection.execute(
                text(
                    "SELECT attstorage::text FROM pg_attribute"
                    " WHERE attrelid = 'public_postings'::regclass AND attname = 'search'"
                )
            )
        ).scalar_one()
    assert storage == "m"  # MAIN: moved out of the row only when nothing else is left
