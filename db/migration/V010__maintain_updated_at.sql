-- updated_at changes on every update, whoever makes it. The service sets it itself (so its
-- response carries the stored value); any other writer that leaves it unchanged gets now().
CREATE OR REPLACE FUNCTION tales.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER stories_touch_updated_at BEFORE UPDATE ON tales.stories
    FOR EACH ROW EXECUTE FUNCTION tales.touch_updated_at();
CREATE OR REPLACE TRIGGER children_touch_updated_at BEFORE UPDATE ON tales.children
    FOR EACH ROW EXECUTE FUNCTION tales.touch_updated_at();
CREATE OR REPLACE TRIGGER heroes_touch_updated_at BEFORE UPDATE ON tales.heroes
    FOR EACH ROW EXECUTE FUNCTION tales.touch_updated_at();
