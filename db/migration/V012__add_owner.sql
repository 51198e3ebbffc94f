-- Each child, hero and story belongs to the Supabase user who created it (the token's sub).
-- Rows from before have no owner: the back-office sees them and may assign them; heroes
-- without an owner are the shared catalogue everyone reads.
ALTER TABLE tales.children ADD COLUMN IF NOT EXISTS user_id uuid;
ALTER TABLE tales.heroes ADD COLUMN IF NOT EXISTS user_id uuid;
ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS user_id uuid;

-- a user's lists: their rows, newest first
CREATE INDEX IF NOT EXISTS idx_children_user_newest ON tales.children (user_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_heroes_user_newest ON tales.heroes (user_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_stories_user_newest ON tales.stories (user_id, created_at DESC, id DESC);
