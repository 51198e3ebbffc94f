-- A parent's rating of a story, 1 to 10, or none. The check is NOT VALID: it holds for every
-- new write, but a hand-made database whose old rows break it is still adopted, not refused.
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS rating integer;

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint
        WHERE conrelid = 'tales.stories'::regclass AND contype = 'c' AND conname = 'stories_rating_check'
    ) THEN
        ALTER TABLE tales.stories
            ADD CONSTRAINT stories_rating_check CHECK (rating IS NULL OR rating BETWEEN 1 AND 10) NOT VALID;
    END IF;
END
$$;

CREATE INDEX IF NOT EXISTS idx_stories_rating ON tales.stories (rating);
