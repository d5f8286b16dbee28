-- Owners with --manage-owners: ALTER ... OWNER TO and CREATE SCHEMA ... AUTHORIZATION are
-- compared (pg_dump with owners decides); an object the SQL gives no owner belongs to the role
-- applying the plan; a serial's sequence follows its table.
CREATE SCHEMA app;
ALTER SCHEMA app OWNER TO app_admin;
CREATE TABLE app.accounts (id serial PRIMARY KEY, name text);
ALTER TABLE app.accounts OWNER TO app_admin;
CREATE VIEW app.names AS SELECT name FROM app.accounts;
CREATE SEQUENCE app.counter;
CREATE TYPE app.mood AS ENUM ('ok');
CREATE FUNCTION app.f(int) RETURNS int LANGUAGE sql AS 'SELECT $1';
ALTER FUNCTION app.f(int) OWNER TO app_owner;
CREATE FOREIGN DATA WRAPPER w;
CREATE SERVER s FOREIGN DATA WRAPPER w;
CREATE FOREIGN TABLE app.remote (id int) SERVER s;
CREATE PUBLICATION pub FOR TABLE app.accounts;
