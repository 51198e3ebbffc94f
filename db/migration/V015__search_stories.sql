-- Full-text search over stories (GET /stories?q=): each story's title, moral and text are
-- indexed with the text-search configuration of the story's own language, in a tsvector
-- column with a GIN index.
--
-- This migration runs outside a transaction (V015__search_stories.sql.conf) so that adopting
-- a big table does not stop its writes: the column is added empty (a change of the catalogue
-- only), new and edited stories get their vector from a trigger at once, the existing ones
-- are filled in batches of 1,000 that each commit, and the index is built CONCURRENTLY. A
-- story is locked only while its batch runs, and reads go on throughout. Every step may run
-- again: after a failure, `flyway repair` and a restart finish the job.

-- 1. ISO 639-1 code -> the configuration PostgreSQL ships for that language; `simple` (no
--    stemming, no stop words) for the others. Only the configurations this server has are
--    named (older servers lack some), so the function is written from pg_ts_config. IMMUTABLE,
--    as to_tsvector(regconfig, text) is: the index and the queries must agree on it, so a
--    later change of this mapping must compute every story's vector again.
DO $$
DECLARE
    cases text;
    queries text;
BEGIN
    SELECT string_agg(format('WHEN %L THEN %L::regconfig', code, 'pg_catalog.' || config), ' ' ORDER BY code),
           string_agg(DISTINCT format('websearch_to_tsquery(%L::regconfig, words)', 'pg_catalog.' || config), ', ')
      INTO cases, queries
      FROM (VALUES ('ar', 'arabic'), ('hy', 'armenian'), ('eu', 'basque'), ('ca', 'catalan'), ('da', 'danish'),
                   ('nl', 'dutch'), ('en', 'english'), ('fi', 'finnish'), ('fr', 'french'), ('de', 'german'),
                   ('el', 'greek'), ('hi', 'hindi'), ('hu', 'hungarian'), ('id', 'indonesian'), ('ga', 'irish'),
                   ('it', 'italian'), ('lt', 'lithuanian'), ('ne', 'nepali'), ('no', 'norwegian'),
                   ('nb', 'norwegian'), ('nn', 'norwegian'), ('pt', 'portuguese'), ('ro', 'romanian'),
                   ('ru', 'russian'), ('sr', 'serbian'), ('es', 'spanish'), ('sv', 'swedish'), ('ta', 'tamil'),
                   ('tr', 'turkish'), ('yi', 'yiddish')) AS languages (code, config)
     WHERE config IN (SELECT cfgname FROM pg_ts_config WHERE cfgnamespace = 'pg_catalog'::regnamespace);

    EXECUTE format($function$
        CREATE OR REPLACE FUNCTION tales.text_search_config(language text) RETURNS regconfig
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $body$ SELECT CASE language %s ELSE 'pg_catalog.simple'::regconfig END $body$
        $function$, cases);

    -- A query is parsed in every configuration a story can have been indexed with, and
    -- matches a story if any of the parses does: `dragons` is 'dragon' in English and
    -- 'dragons' unstemmed, `драконы` is 'дракон' in Russian. The parses are mostly the same:
    -- each is kept once (the planner estimates 29 copies of one word as 29 words, and would
    -- then walk the newest-first index instead of the search index), and those without a
    -- word (only stop words) are left out. IMMUTABLE, so with the query known the planner
    -- computes it once, and the GIN index is searched with the result.
    EXECUTE format($function$
        CREATE OR REPLACE FUNCTION tales.search_query(words text) RETURNS tsquery
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $body$
            SELECT coalesce(string_agg(DISTINCT '(' || parsed::text || ')', ' | ')::tsquery,
                            websearch_to_tsquery('pg_catalog.simple'::regconfig, ''))
              FROM unnest(ARRAY[%s, websearch_to_tsquery('pg_catalog.simple'::regconfig, words)]) AS parsed
             WHERE numnode(parsed) > 0
        $body$
        $function$, queries);
END
$$;

-- 2. What a story is found by: its title, moral and text, weighted in that order (for a
--    ranking, should one come).
CREATE OR REPLACE FUNCTION tales.story_search_vector(language text, title text, moral text, content text)
    RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT setweight(to_tsvector(tales.text_search_config(language), coalesce(title, '')), 'A')
    || setweight(to_tsvector(tales.text_search_config(language), coalesce(moral, '')), 'B')
    || setweight(to_tsvector(tales.text_search_config(language), coalesce(content, '')), 'C')
$$;

-- 3. A plain column kept by a trigger rather than a generated one: adding a STORED generated
--    column rewrites the whole table under an ACCESS EXCLUSIVE lock (no reads, no writes).
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS search_vector tsvector;

CREATE OR REPLACE FUNCTION tales.set_story_search_vector() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.search_vector := tales.story_search_vector(NEW.language, NEW.title, NEW.moral, NEW.content);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER stories_search_vector
    BEFORE INSERT OR UPDATE OF title, moral, content, language ON tales.stories
    FOR EACH ROW EXECUTE FUNCTION tales.set_story_search_vector();

-- 4. Filling the vector in is no change of a story: V013's trigger would stamp each row's
--    updated_at (its ETag) with now(). The backfill says so in a setting of its own
--    transaction, and the trigger leaves those rows' updated_at alone.
CREATE OR REPLACE FUNCTION tales.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF current_setting('tales.backfill', true) = 'on' THEN
        RETURN NEW;
    END IF;
    IF NEW.updated_at IS NULL OR NEW.updated_at <= OLD.updated_at THEN
        NEW.updated_at := GREATEST(now(), OLD.updated_at + interval '1 microsecond');
    END IF;
    RETURN NEW;
END
$$;

-- 5. The existing stories, 1,000 at a time in id order (the primary key finds each batch
--    without scanning the table again), each batch committed.
DO $$
DECLARE
    done uuid := '00000000-0000-0000-0000-000000000000';
    upto uuid;
BEGIN
    LOOP
        SELECT id INTO upto
          FROM (SELECT id FROM tales.stories WHERE id > done ORDER BY id LIMIT 1000) batch
         ORDER BY id DESC LIMIT 1;
        EXIT WHEN upto IS NULL;
        PERFORM set_config('tales.backfill', 'on', true);
        UPDATE tales.stories
           SET search_vector = tales.story_search_vector(language, title, moral, content)
         WHERE id > done AND id <= upto AND search_vector IS NULL;
        COMMIT;
        done := upto;
    END LOOP;
END
$$;

-- 6. The index, built while the table takes writes. A build that failed half-way leaves an
--    invalid index of this name behind: it is dropped and built again.
DROP INDEX CONCURRENTLY IF EXISTS tales.idx_stories_search;
CREATE INDEX CONCURRENTLY idx_stories_search ON tales.stories USING gin (search_vector);
ANALYZE tales.stories;
