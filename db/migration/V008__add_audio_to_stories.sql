-- A story's narration: where the audio file is, which voice service made it, and how.
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS audio_file_url text;
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS audio_provider text;
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS audio_generation_metadata jsonb;
