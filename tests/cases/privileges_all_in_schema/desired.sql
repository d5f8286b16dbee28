-- ON ALL ... IN SCHEMA expands, like PostgreSQL, to the objects that exist when it runs: those
-- created before it, in the order written.
CREATE SCHEMA app;
CREATE SCHEMA other;
CREATE TABLE app.accounts (id serial PRIMARY KEY, email text);
CREATE VIEW app.emails AS SELECT email FROM app.accounts;
CREATE MATERIALIZED VIEW app.totals AS SELECT count(*) AS n FROM app.accounts;
CREATE TABLE other.audit (id int);
CREATE SEQUENCE app.invoice_numbers;
CREATE FUNCTION app.account_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM app.accounts $$;
CREATE PROCEDURE app.purge() LANGUAGE sql AS $$ DELETE FROM app.accounts $$;
GRANT SELECT ON ALL TABLES IN SCHEMA app TO schemasync_reader;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA app TO schemasync_reader;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA app FROM PUBLIC;
REVOKE ALL ON ALL PROCEDURES IN SCHEMA app FROM PUBLIC;
-- Created after: none of the above applies to these.
CREATE TABLE app.later (id int);
CREATE FUNCTION app.later_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM app.later $$;
CREATE PROCEDURE app.later_purge() LANGUAGE sql AS $$ DELETE FROM app.later $$;
GRANT EXECUTE ON ALL ROUTINES IN SCHEMA app TO schemasync_reader;
REVOKE SELECT ON ALL TABLES IN SCHEMA app, other FROM schemasync_reader;
GRANT INSERT ON ALL TABLES IN SCHEMA other TO schemasync_reader;
