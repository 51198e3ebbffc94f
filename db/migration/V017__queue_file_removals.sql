-- Files to remove from storage, written in the same transaction as the change that leaves
-- them behind (a deleted row's folder, a replaced file) and removed by a background worker
-- that retries with back-off until storage confirms. An upload records its file here too,
-- before it is stored, due only after a grace period: attaching it to its row takes the
-- record back out, so a file whose upload failed half-way (or whose row was erased while
-- it travelled) is removed as well.
CREATE TABLE IF NOT EXISTS tales.file_removals (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- an object path (stories/{id}/story.mp3), or a folder whose every object goes
    path            text NOT NULL,
    folder          boolean NOT NULL,
    -- why: deleted (a row's folder), replaced (a file no row points at), upload (a file on
    -- its way to its row)
    reason          text NOT NULL CHECK (reason IN ('deleted', 'replaced', 'upload')),
    attempts        integer NOT NULL DEFAULT 0,
    due_at          timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_error      text
);

-- the worker's question: what is due, oldest first
CREATE INDEX IF NOT EXISTS idx_file_removals_due ON tales.file_removals (due_at);
-- a new upload to a path takes back a removal queued for it
CREATE INDEX IF NOT EXISTS idx_file_removals_path ON tales.file_removals (path);
