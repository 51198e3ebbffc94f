-- A hero's portrait and a story's thumbnail: the URL each image was stored at, with its
-- version, like audio_file_url. Nullable, so adding them to a big adopted table is
-- a change of the catalogue only.
ALTER TABLE tales.heroes ADD COLUMN IF NOT EXISTS portrait_url text;
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS thumbnail_url text;
