-- Type privileges (pg_type.typacl): USAGE, which PUBLIC has by default.
CREATE SCHEMA app;
CREATE TYPE app.mood AS ENUM ('sad', 'meh', 'happy');
REVOKE USAGE ON TYPE app.mood FROM PUBLIC;
GRANT USAGE ON TYPE app.mood TO schemasync_reader;
CREATE DOMAIN app.email AS text CHECK (VALUE LIKE '%@%');
REVOKE ALL ON DOMAIN app.email FROM PUBLIC;
CREATE TYPE app.pair AS (a int, b int, c int);
GRANT ALL ON TYPE app.pair TO schemasync_reader;
CREATE TYPE app.fresh AS ENUM ('new');
REVOKE USAGE ON TYPE app.fresh FROM PUBLIC;
-- Built anew (a new base type): its privileges come back.
CREATE DOMAIN app.code AS bigint;
GRANT USAGE ON DOMAIN app.code TO schemasync_reader;
CREATE TABLE app.people (id int PRIMARY KEY, mood app.mood, email app.email);
