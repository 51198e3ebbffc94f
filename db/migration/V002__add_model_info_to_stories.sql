-- Which language model wrote a story, and its whole answer as it came back.
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS model_used text;
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS full_response jsonb;

CREATE INDEX IF NOT EXISTS idx_stories_model_used ON tales.stories (model_used);
