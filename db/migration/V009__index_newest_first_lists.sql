-- Every list of the API is newest first (created_at DESC, id DESC) with keyset pagination,
-- optionally filtered. These indexes let each filter + ordering be one index range scan that
-- stops after a page, however deep the page is.
CREATE INDEX IF NOT EXISTS idx_stories_newest ON tales.stories (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_stories_child_name_newest ON tales.stories (child_name, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_stories_child_id_newest ON tales.stories (child_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_stories_language_newest ON tales.stories (language, created_at DESC, id DESC);
-- minRating is a range on rating, which cannot lead an ordered index; rated stories only,
-- newest first, with rating checked inside the index.
CREATE INDEX IF NOT EXISTS idx_stories_rated_newest ON tales.stories (created_at DESC, id DESC, rating)
    WHERE rating IS NOT NULL;

CREATE INDEX IF NOT EXISTS idx_children_newest ON tales.children (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_children_name_newest ON tales.children (name, created_at DESC, id DESC);

CREATE INDEX IF NOT EXISTS idx_heroes_newest ON tales.heroes (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_heroes_name_newest ON tales.heroes (name, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_heroes_language_newest ON tales.heroes (language, created_at DESC, id DESC);
