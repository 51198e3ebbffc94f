-- Stories and heroes in more than one language (ISO 639-1 codes); existing rows are English.
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS language text NOT NULL DEFAULT 'en';
ALTER TABLE tales.heroes ADD COLUMN IF NOT EXISTS language text NOT NULL DEFAULT 'en';

CREATE INDEX IF NOT EXISTS idx_stories_language ON tales.stories (language);
