-- Story heroes. The original numbering skipped 003; the heroes table belongs here.
CREATE TABLE IF NOT EXISTS tales.heroes (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name               text NOT NULL,
    gender             text NOT NULL,
    appearance         text NOT NULL,
    personality_traits text[] NOT NULL DEFAULT '{}',
    interests          text[] NOT NULL DEFAULT '{}',
    strengths          text[] NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_heroes_name ON tales.heroes (name);
