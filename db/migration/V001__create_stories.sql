-- The first table of the original Tale Generator schema: one generated bedtime story and a
-- snapshot of the child it was written for. Every statement is idempotent so that a schema
-- created by hand from the original SQL files is adopted as it is.
CREATE SCHEMA IF NOT EXISTS tales;

CREATE TABLE IF NOT EXISTS tales.stories (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title           text NOT NULL,
    content         text NOT NULL,
    moral           text NOT NULL,
    child_name      text NOT NULL,
    child_age       integer NOT NULL,
    child_gender    text NOT NULL,
    child_interests text[] NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_stories_child_name ON tales.stories (child_name);
CREATE INDEX IF NOT EXISTS idx_stories_created_at ON tales.stories (created_at);
