CREATE SCHEMA app;
CREATE TABLE app.notes (id int PRIMARY KEY, body text);
GRANT SELECT ON app.notes TO PUBLIC;
CREATE FUNCTION app.note_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM app.notes $$;
CREATE FUNCTION app.purge() RETURNS void LANGUAGE sql AS $$ DELETE FROM app.notes $$;
REVOKE EXECUTE ON FUNCTION app.purge() FROM PUBLIC;
CREATE FUNCTION app.gone(x int) RETURNS int LANGUAGE sql AS $$ SELECT x $$;
REVOKE ALL ON FUNCTION app.gone(int) FROM PUBLIC;
