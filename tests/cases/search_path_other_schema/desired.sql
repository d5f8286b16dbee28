-- SET search_path = app, public: what follows is created in app, and an unqualified name is
-- found in app first, then public, as PostgreSQL resolves it when the statement runs.
-- RESET goes back to the default path (public).
CREATE SCHEMA app;
CREATE TABLE public.countries (code text PRIMARY KEY);
SET search_path = app, public;
CREATE TYPE status AS ENUM ('active', 'gone');
CREATE DOMAIN email AS text CHECK (VALUE ~ '@');
CREATE SEQUENCE ticket_seq;
CREATE FUNCTION norm_text(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower($1) $$;
CREATE TABLE tenants (id int PRIMARY KEY, name text NOT NULL, country text REFERENCES countries (code));
CREATE TABLE users (
  id int PRIMARY KEY,
  tenant_id int REFERENCES tenants (id),
  mail email,
  state status DEFAULT 'active',
  ticket bigint DEFAULT nextval('ticket_seq'),
  CHECK (norm_text(mail) <> '')
);
CREATE INDEX users_mail ON users (norm_text(mail));
CREATE VIEW active_users AS SELECT id, mail FROM users WHERE state = 'active';
COMMENT ON TABLE users IS 'people';
COMMENT ON COLUMN users.mail IS 'login';
COMMENT ON INDEX users_mail IS 'lookup';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON users USING (tenant_id = 1);
GRANT SELECT ON users TO PUBLIC;
GRANT USAGE ON TYPE status TO PUBLIC;
RESET search_path;
CREATE TABLE audit (id int, who app.email);
SET search_path TO app;
CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0');
CREATE VIEW totals AS SELECT total(id) AS t FROM users;
CREATE FOREIGN DATA WRAPPER w;
CREATE SERVER s FOREIGN DATA WRAPPER w;
CREATE FOREIGN TABLE remote (id int, who email) SERVER s;
CREATE PUBLICATION pub FOR TABLE users, tenants;
