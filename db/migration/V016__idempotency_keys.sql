-- Idempotency-Key (API.md "Idempotent creates"): one row per key of a caller. A JSON
-- create writes its row, completed, in the transaction that creates the resource; an
-- upload claims its key first (state in_flight, with a lease), and marks it attached in
-- the transaction that points the row at the stored file. The response is kept to be
-- answered again. Rows past expires_at are removed in the background.
CREATE TABLE IF NOT EXISTS tales.idempotency_keys (
    -- whose key: 'user:{uuid}' or 'back-office'; keys of different callers never meet
    caller        text        NOT NULL,
    idempotency_key text      NOT NULL,
    -- the family whose data the response holds (null for the back-office): an erasure
    -- deletes the family's keys with its rows
    owner         uuid,
    method        text        NOT NULL,
    path          text        NOT NULL,
    -- SHA-256 of the request body (for an upload: of its fields and the file's bytes);
    -- null while an upload is in flight
    fingerprint   bytea,
    state         text        NOT NULL CHECK (state IN ('in_flight', 'attached', 'completed')),
    -- an upload's claim: who holds it and until when (a crashed upload's claim expires)
    claim         uuid,
    lease_until   timestamptz,
    status        integer,
    content_type  text,
    location      text,
    etag          text,
    body          bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (caller, idempotency_key)
);

CREATE INDEX IF NOT EXISTS idempotency_keys_expires_at ON tales.idempotency_keys (expires_at);
CREATE INDEX IF NOT EXISTS idempotency_keys_owner ON tales.idempotency_keys (owner) WHERE owner IS NOT NULL;
