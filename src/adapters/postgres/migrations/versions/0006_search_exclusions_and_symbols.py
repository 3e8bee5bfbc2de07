"""search text: exclusions hold in every reading, and C++, C#, F#, .NET are words of their own

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The text-search parsers drop '+' and '#' and read ".NET" as "net": C++ and C# were both
# the word "c", so a search for one found the other. Both sides, the text a vector is made
# of and the text of a search, get these names spelled as one word each (case aside), so
# a search for C++ finds C++ only. A name glued to a letter or a digit ("abc++", "C++11")
# is left alone; "ASP.NET" stays the host name the parser reads it as, and .NET is found
# as .net, .NET or .Net (a text that has it only otherwise cased reads it as "net").
SEARCH_TEXT_FUNCTION = r"""
CREATE FUNCTION jobboard_search_text(body text) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
    -- A regular expression over a description costs a tenth of its to_tsvector, a search
    -- for a character a twentieth of that: most texts have none of these names.
    IF strpos(body, '+') > 0 OR strpos(body, '#') > 0 THEN
        body := regexp_replace(body, '(?<![[:alnum:]_])c\+\+(?![[:alnum:]_+#])', 'cplusplus', 'gi');
        body := regexp_replace(body, '(?<![[:alnum:]_])c#(?![[:alnum:]_+#])', 'csharp', 'gi');
        body := regexp_replace(body, '(?<![[:alnum:]_])f#(?![[:alnum:]_+#])', 'fsharp', 'gi');
    END IF;
    IF strpos(body, '.net') > 0 OR strpos(body, '.NET') > 0 OR strpos(body, '.Net') > 0 THEN
        body := regexp_replace(body, '(?<![[:alnum:]_.])\.net(?![[:alnum:]_])', 'dotnet', 'gi');
    END IF;
    RETURN body;
END
$$
"""

# The search text read in every configuration of ``configs``: each distinct reading of
# its words once, ORed (as at 0005), but its exclusions (-word, -"a phrase") taken out
# and applied to every reading, each excluded in all its readings. Excluded in one
# reading only (the stem "develop" in English, the word "developer" as written), a word
# came back through the readings that spelled it otherwise: "python -developer" found
# developers. An exclusion always applies to the whole search, also beside an OR
# ("python OR -java" is "python -java"). A text without exclusions reads as at 0005.
SEARCH_QUERY_FUNCTION = """
CREATE OR REPLACE FUNCTION jobboard_search_query(q text, configs regconfig[]) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    words text := jobboard_search_text(q);
    token text;
    kept text[] := '{}';
    excluded text[] := '{}';
    exclude_next boolean := false;
    drop_next_or boolean := false;
    config regconfig;
    operand text;
    reading tsquery;
    exclusion tsquery;
    distinct_exclusions tsquery[] := '{}';
    distinct_readings tsquery[] := '{}';
    readings integer := 0;
    result tsquery;
BEGIN
    -- The text's operands as websearch_to_tsquery finds them: quoted phrases (to the
    -- end when left open) and runs of anything else. A leading '-' excludes an
    -- operand; a lone one, the operand after it.
    IF strpos(words, '-') > 0 THEN  -- else nothing is excluded
        FOR token IN SELECT m[1] FROM regexp_matches(words, '("[^"]*"?|[^[:space:]"]+)', 'g') m
        LOOP
            IF drop_next_or AND lower(token) = 'or' THEN
                drop_next_or := false;
                CONTINUE;
            END IF;
            drop_next_or := false;
            IF NOT exclude_next AND left(token, 1) = '-' THEN
                token := ltrim(token, '-');
                exclude_next := true;
                CONTINUE WHEN token = '';
            END IF;
            IF NOT exclude_next THEN
                kept := kept || token;
                CONTINUE;
            END IF;
            exclude_next := false;
            excluded := excluded || token;
            -- An OR beside an exclusion joined it to its neighbour; the neighbour stays.
            IF lower(kept[cardinality(kept)]) = 'or' THEN
                kept := kept[1:cardinality(kept) - 1];
            ELSE
                drop_next_or := true;
            END IF;
        END LOOP;
    END IF;
    IF cardinality(excluded) > 0 THEN
        words := array_to_string(kept, ' ');
    END IF;
    FOREACH config IN ARRAY configs LOOP
        FOREACH operand IN ARRAY excluded LOOP
            reading := websearch_to_tsquery(config, operand);
            CONTINUE WHEN numnode(reading) = 0 OR reading = ANY (distinct_exclusions);
            distinct_exclusions := distinct_exclusions || reading;
            exclusion := CASE WHEN exclusion IS NULL THEN reading ELSE exclusion || reading END;
        END LOOP;
    END LOOP;
    FOREACH config IN ARRAY configs LOOP
        reading := websearch_to_tsquery(config, words);
        CONTINUE WHEN numnode(reading) = 0;  -- stop words only: the OR ignored it
        readings := readings + 1;
        CONTINUE WHEN reading = ANY (distinct_readings);
        distinct_readings := distinct_readings || reading;
        IF exclusion IS NOT NULL THEN
            reading := reading && !! exclusion;
        END IF;
        result := CASE WHEN result IS NULL THEN reading ELSE result || reading END;
    END LOOP;
    IF result IS NULL THEN  -- no words but exclusions, or nothing at all
        RETURN CASE WHEN exclusion IS NULL THEN reading ELSE !! exclusion END;
    END IF;
    -- ts_rank ranks an OR by its words, an AND by their distances: an OR it stays.
    IF readings > 1 AND cardinality(distinct_readings) = 1 AND numnode(result) > 1 THEN
        RETURN result || result;
    END IF;
    RETURN result;
END
$$
"""

# jobboard_search_query as at 0005, for the way down.
SEARCH_QUERY_FUNCTION_0005 = """
CREATE OR REPLACE FUNCTION jobboard_search_query(q text, configs regconfig[]) RETURNS tsquery
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
        CONTINUE WHEN numnode(reading) = 0;
        readings := readings + 1;
        CONTINUE WHEN reading = ANY (distinct_readings);
        distinct_readings := distinct_readings || reading;
        result := CASE WHEN result IS NULL THEN reading ELSE result || reading END;
    END LOOP;
    IF result IS NULL THEN
        RETURN reading;
    END IF;
    IF readings > 1 AND cardinality(distinct_readings) = 1 AND numnode(result) > 1 THEN
        RETURN result || result;
    END IF;
    RETURN result;
END
$$
"""


DESCRIPTION = """pp.description || ' '
           || (SELECT coalesce(string_agg(line, ' '), '')
               FROM jsonb_array_elements_text(pp.responsibilities) line)"""

# Every text a vector is made of, one after the other.
TEXTS = f"""concat_ws(' ', pp.title, array_to_string(pp.requirement_names, ' '), pp.company_name,
                   {DESCRIPTION})"""


def _vectors(spelled: str) -> str:
    """Recompute the stored search vectors from the read model's own columns, as the
    projection (public_postings_projection.VISIBLE_ROWS) computes them, each text passed
    through ``spelled`` (a frozen copy: the projection may move on). Only the rows whose
    texts jobboard_search_text changes: the others' vectors are the same either way, and
    rewriting every row (and its index entries) took 75 s for 200k postings."""
    config = "jobboard_ts_config(pp.language)"
    return f"""
UPDATE public_postings pp SET search =
    setweight(to_tsvector({config}, {spelled.format("pp.title")}), 'A')
    || setweight(to_tsvector({config},
                             {spelled.format("array_to_string(pp.requirement_names, ' ')")}), 'B')
    || setweight(to_tsvector({config}, {spelled.format("pp.company_name")}), 'C')
    || setweight(to_tsvector({config}, {spelled.format(DESCRIPTION)}), 'D')
WHERE jobboard_search_text({TEXTS}) <> {TEXTS}
"""


def upgrade() -> None:
    op.execute(SEARCH_TEXT_FUNCTION)
    op.execute(SEARCH_QUERY_FUNCTION)
    op.execute(_vectors("jobboard_search_text({})"))


def downgrade() -> None:
    op.execute(_vectors("{}"))
    op.execute(SEARCH_QUERY_FUNCTION_0005)
    op.execute("DROP FUNCTION jobboard_search_text(text)")
