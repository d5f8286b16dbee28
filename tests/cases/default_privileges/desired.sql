-- ALTER DEFAULT PRIVILEGES (pg_default_acl) for the role applying the plan: the entries, and
-- the privileges of the objects created after them.
CREATE SCHEMA app;
CREATE TABLE app.kept (id int PRIMARY KEY);
-- Before any default: owner only.
CREATE TABLE app.early (id int PRIMARY KEY);
ALTER DEFAULT PRIVILEGES GRANT SELECT, INSERT ON TABLES TO schemasync_writer;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SEQUENCES TO schemasync_reader WITH GRANT OPTION;
ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE CURRENT_USER REVOKE USAGE ON TYPES FROM PUBLIC;
ALTER DEFAULT PRIVILEGES GRANT USAGE ON SCHEMAS TO schemasync_reader;
-- Created after: they start with the defaults above.
CREATE SCHEMA reports;
CREATE TABLE app.late (id serial PRIMARY KEY, note text);
CREATE VIEW reports.late_notes AS SELECT note FROM app.late;
CREATE FUNCTION app.new_fn() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;
CREATE TYPE app.new_type AS ENUM ('b');
CREATE DOMAIN app.positive AS int CHECK (VALUE > 0);
-- Explicit privileges on top of the defaults.
GRANT DELETE ON app.late TO schemasync_writer;
REVOKE INSERT ON reports.late_notes FROM schemasync_writer;
GRANT EXECUTE ON FUNCTION app.new_fn() TO schemasync_reader;
