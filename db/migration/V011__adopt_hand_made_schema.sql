-- A tales schema created by hand from the original Tale Generator SQL differs from what
-- V001-V010 create in ways that IF NOT EXISTS cannot mend. This brings such a schema in line;
-- on a schema made by V001-V010 every statement changes nothing.

-- 0. What follows repairs stored rows; it does not edit them. V010's triggers would stamp
--    updated_at = now() on every row an UPDATE below touches (each narrated story, each row
--    whose timestamps are filled in), so they are off until the end of this migration, which
--    runs in one transaction: a failure leaves them as they were.
ALTER TABLE tales.stories DISABLE TRIGGER stories_touch_updated_at;
ALTER TABLE tales.children DISABLE TRIGGER children_touch_updated_at;
ALTER TABLE tales.heroes DISABLE TRIGGER heroes_touch_updated_at;

-- 1. Timestamps and a story's language were nullable (with defaults). Every row needs them:
--    lists are ordered by created_at, and a story always has a language.
UPDATE tales.stories SET created_at = coalesce(updated_at, now()) WHERE created_at IS NULL;
UPDATE tales.stories SET updated_at = created_at WHERE updated_at IS NULL;
UPDATE tales.stories SET language = 'en' WHERE language IS NULL;
ALTER TABLE tales.stories ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE tales.stories ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE tales.stories ALTER COLUMN language SET NOT NULL;
ALTER TABLE tales.stories ALTER COLUMN language SET DEFAULT 'en';

UPDATE tales.children SET created_at = coalesce(updated_at, now()) WHERE created_at IS NULL;
UPDATE tales.children SET updated_at = created_at WHERE updated_at IS NULL;
ALTER TABLE tales.children ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE tales.children ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE tales.children ALTER COLUMN interests SET DEFAULT '{}';

UPDATE tales.heroes SET created_at = coalesce(updated_at, now()) WHERE created_at IS NULL;
UPDATE tales.heroes SET updated_at = created_at WHERE updated_at IS NULL;
ALTER TABLE tales.heroes ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE tales.heroes ALTER COLUMN updated_at SET NOT NULL;
ALTER TABLE tales.heroes ALTER COLUMN personality_traits SET DEFAULT '{}';
ALTER TABLE tales.heroes ALTER COLUMN interests SET DEFAULT '{}';
ALTER TABLE tales.heroes ALTER COLUMN strengths SET DEFAULT '{}';

-- 2. The original app kept a story's narration in audio_url; this service reads
--    audio_file_url. Carry each legacy value over where the new column is empty. audio_url
--    itself stays, untouched, for anything that still reads it.
DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_schema = 'tales' AND table_name = 'stories' AND column_name = 'audio_url'
    ) THEN
        UPDATE tales.stories SET audio_file_url = audio_url
        WHERE audio_file_url IS NULL AND audio_url IS NOT NULL;
    END IF;
END
$$;

-- 3. The original index on moral serves no query of the API, and a btree entry is limited to
--    about 2.7 kB: with it, a story with a long moral could not be stored.
DROP INDEX IF EXISTS tales.idx_stories_moral;

ALTER TABLE tales.stories ENABLE TRIGGER stories_touch_updated_at;
ALTER TABLE tales.children ENABLE TRIGGER children_touch_updated_at;
ALTER TABLE tales.heroes ENABLE TRIGGER heroes_touch_updated_at;
