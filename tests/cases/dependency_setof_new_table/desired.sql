CREATE TABLE tenants (id int PRIMARY KEY);
CREATE TABLE users (
  id int PRIMARY KEY,
  tenant_id int NOT NULL REFERENCES tenants,
  name text NOT NULL,
  updated_at timestamptz
);
CREATE FUNCTION users_of(tenant int) RETURNS SETOF users LANGUAGE sql STABLE
  AS $$ SELECT * FROM users WHERE tenant_id = tenant $$;
CREATE FUNCTION display_name(u users) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT u.name || '!' $$;
CREATE VIEW active_users AS SELECT id, display_name(u) AS shown FROM users_of(1) u;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();
