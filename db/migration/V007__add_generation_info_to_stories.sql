-- How a story was generated (parameters, timings: arbitrary JSON) and how long it came out.
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS generation_info jsonb;
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS story_length integer;
