"""Counts of public postings per language, country, requirement, company, workplace
and employment type.

``public_posting_counts`` holds, for every key (dimension, value, language),
how many rows of ``public_postings`` have that key and a ``valid_through``
after the *horizon*. Statement-level triggers on ``public_postings`` keep it
exact in the same transaction as every projector batch, and the projector
moves the horizon forward now and then, taking away the postings that lapsed
in between.

A reader asks for the counts at its own ``now`` and corrects them with the
few postings whose ``valid_through`` lies between the horizon and ``now``:
minus those that lapsed since the last sweep, plus those a sweep "ahead" of
``now`` took away. So a posting leaves every count the moment it lapses, the
answer costs a lookup of a few hundred rows rather than a scan of the board,
and it stays exact whatever the reader's clock says.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

# The keys one posting row counts under; called with a row's columns.
COUNT_KEYS_FUNCTION = """
CREATE FUNCTION jobboard_count_keys(
    language text, countries text[], remote_countries text[], requirement_names text[],
    company_id uuid, workplace text, employment_type text
) RETURNS TABLE (dimension text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 'language', language
    UNION ALL SELECT 'company', company_id::text
    UNION ALL SELECT 'workplace', workplace
    UNION ALL SELECT 'employment_type', employment_type
    UNION ALL SELECT DISTINCT 'country', c FROM unnest(countries || remote_countries) c
    UNION ALL SELECT 'requirement', r FROM unnest(requirement_names) r
$$
"""


def keys_of(row: str) -> str:
    """The lateral call that yields the count keys of ``row`` (an alias of public_postings)."""
    return (
        f"jobboard_count_keys({row}.language, {row}.countries::text[],"
        f" {row}.remote_countries::text[], {row}.requirement_names, {row}.company_id,"
        f" {row}.workplace, {row}.employment_type) k"
    )


HORIZON = "coalesce((SELECT swept_until FROM public_counts_horizon), '-infinity'::timestamptz)"

ADD_COUNTS = """
INSERT INTO public_posting_counts AS pc (dimension, value, language, postings)
SELECT k.dimension, k.value, d.language, sum(d.sign)
FROM ({deltas}) d CROSS JOIN LATERAL {keys}
GROUP BY 1, 2, 3
HAVING sum(d.sign) <> 0
ON CONFLICT (dimension, value, language)
DO UPDATE SET postings = pc.postings + EXCLUDED.postings
"""

DROP_EMPTY = "DELETE FROM public_posting_counts WHERE postings = 0"

# public_postings_generation counts the statements that changed public_postings: a reader
# may keep an answer computed from the table for as long as the generation stays the same.
BUMP_GENERATION = (
    "INSERT INTO public_postings_generation AS g (id, generation) VALUES (true, 1)"
    " ON CONFLICT (id) DO UPDATE SET generation = g.generation + 1"
)


def _delta(table: str, sign: int) -> str:
    return (
        f"SELECT {sign} AS sign, r.language, r.countries, r.remote_countries,"
        f" r.requirement_names, r.company_id, r.workplace, r.employment_type FROM {table} r"
        f" WHERE r.valid_through > {HORIZON}"
    )


def _trigger_function(name: str, deltas: list[str]) -> str:
    change = ADD_COUNTS.format(deltas=" UNION ALL ".join(deltas), keys=keys_of("d")).strip()
    return f"""
CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Whatever changed public_postings, answers cached from it are out of date.
    {BUMP_GENERATION};
    -- A rebuild recounts everything once at the end instead.
    IF current_setting('jobboard.recount', true) = 'on' THEN
        RETURN NULL;
    END IF;
    {change};
    {DROP_EMPTY};
    RETURN NULL;
END
$$
"""


TRIGGER_FUNCTIONS = {
    "jobboard_count_inserted": ("INSERT", "NEW TABLE AS added", [_delta("added", 1)]),
    "jobboard_count_deleted": ("DELETE", "OLD TABLE AS removed", [_delta("removed", -1)]),
    "jobboard_count_updated": (
        "UPDATE",
        "OLD TABLE AS removed NEW TABLE AS added",
        [_delta("added", 1), _delta("removed", -1)],
    ),
}


def install_statements() -> list[str]:
    """DDL for the key function, the trigger functions and the triggers (used by the migration)."""
    statements = [COUNT_KEYS_FUNCTION]
    for name, (event, referencing, deltas) in TRIGGER_FUNCTIONS.items():
        statements.append(_trigger_function(name, deltas))
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON public_postings"
            f" REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
    return statements


def uninstall_statements() -> list[str]:
    statements = [f"DROP TRIGGER {name} ON public_postings" for name in TRIGGER_FUNCTIONS]
    statements += [f"DROP FUNCTION {name}()" for name in TRIGGER_FUNCTIONS]
    statements.append(
        "DROP FUNCTION jobboard_count_keys(text, text[], text[], text[], uuid, text, text)"
    )
    return statements


# Every count computed afresh from public_postings, for rows valid after the horizon.
RECOUNT = f"""
INSERT INTO public_posting_counts (dimension, value, language, postings)
SELECT k.dimension, k.value, pp.language, count(*)
FROM public_postings pp CROSS JOIN LATERAL {keys_of("pp")}
WHERE pp.valid_through > {HORIZON}
GROUP BY 1, 2, 3
"""

SET_HORIZON = """
INSERT INTO public_counts_horizon (id, swept_until) VALUES (true, {until})
ON CONFLICT (id) DO UPDATE SET swept_until = EXCLUDED.swept_until
"""


async def recount(connection: AsyncConnection) -> None:
    """Count everything again; the horizon becomes the transaction's start.

    Call it after a rebuild that wrote public_postings with ``skip_triggers`` on."""
    await connection.execute(text("DELETE FROM public_posting_counts"))
    await connection.execute(text(SET_HORIZON.format(until="now()")))
    await connection.execute(text(RECOUNT))


async def skip_triggers(connection: AsyncConnection) -> None:
    """Until the transaction ends, writes to public_postings leave the counts alone."""
    await connection.execute(text("SELECT set_config('jobboard.recount', 'on', true)"))


SWEEP = f"""
INSERT INTO public_posting_counts AS pc (dimension, value, language, postings)
SELECT k.dimension, k.value, pp.language, -count(*)
FROM public_postings pp CROSS JOIN LATERAL {keys_of("pp")}
WHERE pp.valid_through > {HORIZON} AND pp.valid_through <= now()
GROUP BY 1, 2, 3
ON CONFLICT (dimension, value, language)
DO UPDATE SET postings = pc.postings + EXCLUDED.postings
"""


LAPSED_SINCE_SWEEP = f"""
SELECT EXISTS (SELECT 1 FROM public_postings
               WHERE valid_through > {HORIZON} AND valid_through <= now())
"""


async def sweep(connection: AsyncConnection) -> None:
    """Take the postings that lapsed since the last sweep out of the counts (the
    projector's upkeep, under its lock). Writes nothing when none lapsed."""
    if not (await connection.execute(text(LAPSED_SINCE_SWEEP))).scalar_one():
        return
    await connection.execute(text(SWEEP))
    await connection.execute(text(DROP_EMPTY))
    await connection.execute(
        text(
            SET_HORIZON.format(until="now()")
            + " WHERE public_counts_horizon.swept_until < EXCLUDED.swept_until"
        )
    )


def live_counts(dimension: str, *, language: bool, value: bool = False) -> str:
    """SQL for the counts of ``dimension`` at ``:now``: (value, postings) rows, zeros left out.

    With ``language`` only the postings in ``:language``; with ``value`` only ``:value``."""
    stored = f"SELECT value, postings FROM public_posting_counts WHERE dimension = '{dimension}'"
    correction = f"""
        SELECT k.value, CASE WHEN pp.valid_through > :now THEN 1 ELSE -1 END
        FROM public_postings pp CROSS JOIN LATERAL {keys_of("pp")}
        WHERE pp.valid_through > least({HORIZON}, :now)
          AND pp.valid_through <= greatest({HORIZON}, :now)
          AND k.dimension = '{dimension}'"""
    if language:
        stored += " AND language = :language"
        correction += " AND pp.language = :language"
    if value:
        stored += " AND value = :value"
        correction += " AND k.value = :value"
    return f"""
        SELECT value, sum(postings)::int AS postings
        FROM ({stored} UNION ALL {correction}) counted
        GROUP BY value HAVING sum(postings) > 0"""


# Every key's count computed from the write side (the rows public_postings should hold).
def fresh_counts(visible_rows: str) -> str:
    return f"""
        SELECT k.dimension, k.value, v.language, count(*)::int AS postings
        FROM ({visible_rows}) v CROSS JOIN LATERAL {keys_of("v")}
        WHERE v.valid_through > {HORIZON}
        GROUP BY 1, 2, 3"""


def count_differences(visible_rows: str) -> str:
    """(key, problem) where the stored counts differ from counts of the write side."""
    key = "dimension || ':' || language || ':' || value"
    return f"""
    WITH fresh AS ({fresh_counts(visible_rows)}),
    live AS (SELECT dimension, value, language, postings FROM public_posting_counts)
    SELECT {key}, CASE WHEN l.postings IS NULL THEN 'missing'
                       WHEN f.postings IS NULL THEN 'unexpected' ELSE 'stale' END
    FROM fresh f FULL JOIN live l USING (dimension, value, language)
    WHERE f.postings IS DISTINCT FROM l.postings
    ORDER BY 1
    """
