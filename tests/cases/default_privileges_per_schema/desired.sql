-- Per-schema default privileges add to the global ones (or the built-in default); a schema's
-- go with it. Another role's defaults (FOR ROLE) are kept as entries but decide nothing about
-- what the plan creates.
CREATE SCHEMA app;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT, UPDATE ON TABLES TO schemasync_reader;
ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT EXECUTE ON FUNCTIONS TO schemasync_writer;
-- A no-op: per-schema entries cannot take away what the built-in default gives.
ALTER DEFAULT PRIVILEGES IN SCHEMA app REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE schemasync_writer IN SCHEMA app GRANT INSERT ON TABLES TO schemasync_reader;
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO PUBLIC;
CREATE TABLE app.t (id int);
CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
CREATE TABLE public.elsewhere (id int);
-- Back to the built-in default: the global entry is deleted.
ALTER DEFAULT PRIVILEGES REVOKE SELECT ON TABLES FROM PUBLIC;
CREATE TABLE app.after_revoke (id int);
