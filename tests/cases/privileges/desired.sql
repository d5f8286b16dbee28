-- Least privilege: schema usage granted, functions closed to PUBLIC unless meant for everyone.
CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO PUBLIC;
CREATE TABLE app.notes (id int PRIMARY KEY, body text);
GRANT SELECT, INSERT ON TABLE app.notes TO PUBLIC;
CREATE FUNCTION app.note_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM app.notes $$;
REVOKE EXECUTE ON FUNCTION app.note_count() FROM PUBLIC;
CREATE FUNCTION app.purge() RETURNS void LANGUAGE sql AS $$ DELETE FROM app.notes $$;
CREATE PROCEDURE app.archive() LANGUAGE sql AS $$ DELETE FROM app.notes WHERE body IS NULL $$;
REVOKE ALL ON PROCEDURE app.archive FROM PUBLIC;
