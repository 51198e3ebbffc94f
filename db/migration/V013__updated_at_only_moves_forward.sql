-- updated_at is the version behind each resource's ETag, so it must never repeat or go back
-- for a row. The service stamps each change at least a microsecond after the stored value;
-- a writer that leaves updated_at unchanged, or moves it back, gets the same: now(), but at
-- least a microsecond past the stored value (now() is when its transaction began, which may
-- be before the last change it waited for).
CREATE OR REPLACE FUNCTION tales.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.updated_at IS NULL OR NEW.updated_at <= OLD.updated_at THEN
        NEW.updated_at := GREATEST(now(), OLD.updated_at + interval '1 microsecond');
    END IF;
    RETURN NEW;
END
$$;
