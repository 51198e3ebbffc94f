-- Children's profiles. A story now refers to its child by id and keeps its snapshot columns,
-- which become optional: a story may be written for no child at all. Deleting a child keeps
-- its stories (ON DELETE SET NULL).
CREATE TABLE IF NOT EXISTS tales.children (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name       text NOT NULL,
    age        integer NOT NULL,
    gender     text NOT NULL,
    interests  text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_children_name ON tales.children (name);

ALTER TABLE tales.stories ADD COLUMN IF NOT EXISTS child_id uuid;

DO $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_constraint
        WHERE conrelid = 'tales.stories'::regclass AND contype = 'f' AND conname = 'stories_child_id_fkey'
    ) THEN
        ALTER TABLE tales.stories
            ADD CONSTRAINT stories_child_id_fkey FOREIGN KEY (child_id)
            REFERENCES tales.children (id) ON DELETE SET NULL;
    END IF;
END
$$;

ALTER TABLE tales.stories ALTER COLUMN child_name DROP NOT NULL;
ALTER TABLE tales.stories ALTER COLUMN child_age DROP NOT NULL;
ALTER TABLE tales.stories ALTER COLUMN child_gender DROP NOT NULL;
ALTER TABLE tales.stories ALTER COLUMN child_interests DROP NOT NULL;
