-- 001_create_stories_table.sql
CREATE SCHEMA IF NOT EXISTS tales;
CREATE TABLE IF NOT EXISTS tales.stories (
    id UUID DEFAULT gen_random_uuid() PRIMARY KEY,
    title TEXT NOT NULL, content TEXT NOT NULL, moral TEXT NOT NULL,
    child_name TEXT NOT NULL, child_age INTEGER NOT NULL, child_gender TEXT NOT NULL, child_interests TEXT[] NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_stories_child_name ON tales.stories(child_name);
CREATE INDEX IF NOT EXISTS idx_stories_created_at ON tales.stories(created_at);
CREATE INDEX IF NOT EXISTS idx_stories_moral ON tales.stories(moral);
ALTER TABLE tales.stories ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Enable read access for all users" ON "tales"."stories" AS PERMISSIVE FOR SELECT TO public USING (true);
CREATE POLICY "Enable insert access for all users" ON "tales"."stories" AS PERMISSIVE FOR INSERT TO public WITH CHECK (true);
CREATE POLICY "Enable update access for all users" ON "tales"."stories" AS PERMISSIVE FOR UPDATE TO public USING (true);
CREATE POLICY "Enable delete access for all users" ON "tales"."stories" AS PERMISSIVE FOR DELETE TO public USING (true);
-- 002_add_model_info_to_stories.sql
ALTER TABLE tales.stories ADD COLUMN model_used TEXT;
ALTER TABLE tales.stories ADD COLUMN full_response JSONB;
-- (heroes, from the app's src/migrations/001_create_heroes_table.sql)
CREATE TABLE IF NOT EXISTS tales.heroes (
    id UUID DEFAULT gen_random_uuid() PRIMARY KEY,
    name TEXT NOT NULL, gender TEXT NOT NULL, appearance TEXT NOT NULL,
    personality_traits TEXT[] NOT NULL, interests TEXT[] NOT NULL, strengths TEXT[] NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(), updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_heroes_name ON tales.heroes(name);
CREATE INDEX IF NOT EXISTS idx_heroes_language ON tales.heroes(language);
-- 004_add_language_to_stories.sql
ALTER TABLE tales.stories ADD COLUMN language TEXT DEFAULT 'en';
-- 005_create_children_table.sql
CREATE TABLE IF NOT EXISTS tales.children (
    id UUID DEFAULT gen_random_uuid() PRIMARY KEY,
    name TEXT NOT NULL, age INTEGER NOT NULL, gender TEXT NOT NULL, interests TEXT[] NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(), updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
CREATE INDEX IF NOT EXISTS idx_children_name ON tales.children(name);
CREATE INDEX IF NOT EXISTS idx_children_age ON tales.children(age);
CREATE INDEX IF NOT EXISTS idx_children_gender ON tales.children(gender);
-- 006_add_rating_to_stories.sql
ALTER TABLE tales.stories ADD COLUMN rating INTEGER;
-- 007_add_generation_info_to_stories.sql
ALTER TABLE tales.stories ADD COLUMN generation_info JSONB;
-- 008_add_audio_provider_tracking.sql
ALTER TABLE tales.stories ADD COLUMN audio_provider TEXT;
ALTER TABLE tales.stories ADD COLUMN audio_url TEXT;
