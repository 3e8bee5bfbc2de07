"""jobboard_search_query: the text read in every search language, each distinct reading once,
matches and ranks exactly what the OR of all eight readings did, and is folded at planning;
its exclusions hold in every reading, and C++, C#, F#, .NET are words of their own."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.container import Container
from adapters.postgres.public_postings_projection import COLUMNS
from adapters.postgres.search_filters_sql import SEARCH_LANGUAGES, text_query
from adapters.postgres.tables import public_postings as pp
from application.commands.draft_posting import DraftPosting
from application.commands.posting_input import RequirementInput
from application.commands.posting_lifecycle import PublishPosting
from board_story import fields, verified_company

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


# Postings projected through the real projection, by title: what each search finds of them.
READ_APART = [
    ("Python Developer", "en", "Build the APIs.", ()),
    ("Python Engineer", "en", "Build the APIs.", ()),
    ("Python Entwickler", "de", "Senior developer gesucht.", ()),
    ("Développeur Python", "fr", "Nous cherchons un developer.", ()),
    ("Programista Python", "pl", "Python developer mile widziany.", ()),
    ("Python Analyst", "en", "A senior analyst, not a developer: beside our engineers.", ()),
    ("Systems Engineer", "en", "Modern C++ and Rust.", ("C++",)),
    ("Backend Engineer", "en", "Services in C# on .NET.", ("C#",)),
    ("Data Engineer", "en", "Pipelines in F#, plain C and Rust.", ()),
]


async def _project_read_apart(board: Container) -> None:
    app = board.application()
    company = await verified_company(app)
    for title, language, description, requirements in READ_APART:
        overrides = {
            "language": language,
            "description": description,
            "requirements": tuple(RequirementInput(name) for name in requirements),
        }
        posting = await app.commands.draft_posting(
            DraftPosting(company, fields(title, **overrides))
        )
        await app.commands.publish_posting(PublishPosting(company, posting))
    await board.projector().drain()


async def _titles(board: Container, q: str, language: str | None = None) -> set[str]:
    query = select(pp.c.title).where(pp.c.search.op("@@")(text_query(q, language)))
    if language is not None:  # as a search in one language reads only postings in it
        query = query.where(pp.c.language == language)
    async with board.engine().connect() as connection:
        return set((await connection.execute(query)).scalars())


async def test_an_excluded_word_is_excluded_in_every_reading_of_it(board: Container) -> None:
    """English stems "developer" to "develop", the other readings keep the word: excluded
    in one reading only, it came back through the others."""
    await _project_read_apart(board)

    no_developers = {"Python Engineer"}
    assert await _titles(board, "python -developer") == no_developers
    assert await _titles(board, "python - developer") == no_developers
    assert await _titles(board, "python --developer") == no_developers
    assert await _titles(board, "python -developer", "en") == {"Python Engineer"}
    assert await _titles(board, "python -développeur -developer") == no_developers
    # A phrase is excluded as a phrase: the analyst is "a developer", not a "senior developer".
    assert await _titles(board, 'python -"senior developer"') == {
        "Python Developer",
        "Python Engineer",
        "Développeur Python",
        "Programista Python",
        "Python Analyst",
    }
    # An exclusion applies to the whole search, beside an OR as anywhere.
    assert await _titles(board, "python OR -developer") == no_developers
    assert await _titles(board, "-developer OR python") == no_developers
    assert await _titles(board, "engineer OR analyst -developer -c++ -c#") == {
        "Python Engineer",
        "Data Engineer",
    }
    assert await _titles(board, "-developer -python") == {
        "Systems Engineer",
        "Backend Engineer",
        "Data Engineer",
    }
    assert await _titles(board, "python -!!!") == await _titles(board, "python")


async def test_cplusplus_csharp_fsharp_and_dotnet_are_words_of_their_own(
    board: Container,
) -> None:
    """The parsers drop '+' and '#': C++, C#, F# and plain C were all the word "c"."""
    await _project_read_apart(board)

    assert await _titles(board, "C++") == {"Systems Engineer"}
    assert await _titles(board, "c++", "en") == {"Systems Engineer"}
    assert await _titles(board, "C#") == {"Backend Engineer"}
    assert await _titles(board, ".net") == {"Backend Engineer"}
    assert await _titles(board, "F#") == {"Data Engineer"}
    assert await _titles(board, "rust -c++") == {"Data Engineer"}
    assert await _titles(board, '"modern c++"') == {"Systems Engineer"}
    assert await _titles(board, "engineer -C#") == {
        "Python Engineer",
        "Systems Engineer",
        "Data Engineer",
        "Python Analyst",
    }


async def test_the_search_text_spells_the_names_and_leaves_the_rest(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        spelled = (
            await connection.execute(
                text("SELECT jobboard_search_text(:body)"),
                {"body": 'C++, c#/.NET (F#) -C++ "c#" ASP.NET abc++ C++11 e-mail OR'},
            )
        ).scalar_one()
    assert spelled == (
        'cplusplus, csharp/dotnet (fsharp) -cplusplus "csharp" ASP.NET abc++ C++11 e-mail OR'
    )


async def test_a_search_with_exclusions_ranks_as_the_search_without_them(
    board: Container,
) -> None:
    """The exclusions sit beside each reading, not above the OR of them: ts_rank still ranks
    an OR of the words (an AND it would rank by the words' distances, the excluded ones
    absent, all alike at nearly 0)."""
    await _project_read_apart(board)

    async def ranked(q: str) -> list[tuple[str, float]]:
        query = text_query(q, None)
        rank = func.ts_rank(pp.c.search, query)
        statement = (
            select(pp.c.title, rank)
            .where(pp.c.search.op("@@")(query))
            .order_by(rank.desc(), pp.c.title)
        )
        async with board.engine().connect() as connection:
            return [(title, rank) for title, rank in await connection.execute(statement)]

    everyone = await ranked("engineer")
    without_cplusplus = await ranked("engineer -c++")

    assert [title for title, _ in everyone][-1] == "Python Analyst"  # in the description
    assert [title for title, _ in without_cplusplus] == [
        title for title, _ in everyone if title != "Systems Engineer"
    ]
    assert min(rank for _, rank in without_cplusplus) > 0.01


async def test_a_search_with_exclusions_is_planned_on_the_search_index(
    board: Container,
) -> None:
    """With as many postings as it takes the planner to prefer an index (added and rolled
    back), the folded query with its exclusions is an index condition on the GIN index."""
    await _project_read_apart(board)
    filler = ", ".join(
        {
            "id": "gen_random_uuid()",
            "search": "to_tsvector('english', 'Accountant ' || g)",
        }.get(column, column)
        for column in COLUMNS.replace(" ", "").split(",")
    )
    statement = select(pp.c.id).where(pp.c.search.op("@@")(text_query("python -developer", None)))
    compiled = statement.compile(
        dialect=board.engine().dialect, compile_kwargs={"literal_binds": True}
    )
    async with board.engine().connect() as connection:
        await connection.execute(
            text(
                f"INSERT INTO public_postings ({COLUMNS}) SELECT {filler}"
                " FROM (SELECT * FROM public_postings LIMIT 1) pp, generate_series(1, 5000) g"
            )
        )
        await connection.execute(text("ANALYZE public_postings"))
        plan = "\n".join(
            row[0] for row in await connection.exec_driver_sql(f"EXPLAIN {compiled.string}")
        )
        await connection.rollback()
    assert "Bitmap Index Scan on ix_public_postings_search" in plan, plan
    assert "!( 'developer' | 'develop' )" in plan.replace("''", "'"), plan
