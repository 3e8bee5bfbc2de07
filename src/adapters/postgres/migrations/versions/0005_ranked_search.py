"""ranked search: the text read in several languages, each distinct reading once; the
search vector kept in the row

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The OR of websearch_to_tsquery(config, q) over ``configs``, each distinct reading once:
# it matches what the OR of all of them matches and ranks alike (ts_rank ranks an OR by
# its distinct words). The readings of one word in eight configurations are often the
# same lexeme; ORed eight times, the planner took them for eight words and guessed a rare
# word common. IMMUTABLE, so the planner folds it for the bound text and plans with the
# result. One corner keeps a duplicate: when every configuration reads an AND (or a
# phrase) alike, the OR of the copies is what ts_rank ranked, not the AND alone.
SEARCH_QUERY_FUNCTION = """
CREATE FUNCTION jobboard_search_query(q text, configs regconfig[]) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    config regconfig;
    reading tsquery;
    distinct_readings tsquery[] := '{}';
    readings integer := 0;
    result tsquery;
BEGIN
    FOREACH config IN ARRAY configs LOOP
        reading := websearch_to_tsquery(config, q);
        CONTINUE WHEN numnode(reading) = 0;  -- stop words only: the OR ignored it
        readings := readings + 1;
        CONTINUE WHEN reading = ANY (distinct_readings);
        distinct_readings := distinct_readings || reading;
        result := CASE WHEN result IS NULL THEN reading ELSE result || reading END;
    END LOOP;
    IF result IS NULL THEN
        RETURN reading;  -- empty (or NULL for no configuration)
    END IF;
    IF readings > 1 AND cardinality(distinct_readings) = 1 AND numnode(result) > 1 THEN
        RETURN result || result;
    END IF;
    RETURN result;
END
$$
"""


# A ranked search reads the vector of every row it walks or ranks. A row of
# public_postings is about 2 kB, so PostgreSQL moved its largest field, the vector
# (about 750 bytes), to the TOAST table: each read of it was an index lookup and a
# page more (2-3 us a row; a search walks thousands). MAIN keeps it in the row and
# moves the description and the JSON out first. Rows written from now on; a rebuild
# of the read models rewrites the others.
def upgrade() -> None:
    op.execute(SEARCH_QUERY_FUNCTION)
    op.execute("ALTER TABLE public_postings ALTER COLUMN search SET STORAGE MAIN")


def downgrade() -> None:
    op.execute("ALTER TABLE public_postings ALTER COLUMN search SET STORAGE EXTENDED")
    op.execute("DROP FUNCTION jobboard_search_query(text, regconfig[])")
