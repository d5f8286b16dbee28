-- A small multi-tenant app schema: enum in a second schema, RLS with a subquery, a view with
-- a join and an aggregate, SQL and PL/pgSQL functions, a trigger with WHEN, typed literals.
CREATE SCHEMA app;
CREATE TYPE app.role AS ENUM ('owner', 'member');
CREATE TABLE app.orgs (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE app.members (
  org_id uuid NOT NULL REFERENCES app.orgs(id) ON DELETE CASCADE,
  user_id uuid NOT NULL,
  role app.role NOT NULL DEFAULT 'member',
  email varchar(255) NOT NULL CHECK (email ~* '^[^@]+@[^@]+$' AND length(email) BETWEEN 3 AND 255),
  tags text[] NOT NULL DEFAULT ARRAY[]::text[],
  settings jsonb NOT NULL DEFAULT '{"a": 1}'::jsonb,
  expires_at timestamptz DEFAULT now() + interval '30 days',
  PRIMARY KEY (org_id, user_id)
);
CREATE UNIQUE INDEX members_email_lower ON app.members (lower(email)) WHERE role <> 'owner';
CREATE INDEX members_settings ON app.members USING gin (settings jsonb_path_ops);
ALTER TABLE app.members ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_read ON app.members FOR SELECT USING (org_id IN (SELECT m.org_id FROM app.members m WHERE m.user_id = current_setting('app.user_id', true)::uuid));
CREATE POLICY admin_all ON app.members USING (coalesce(current_setting('app.is_admin', true), 'false')::boolean);
CREATE VIEW app.org_sizes AS SELECT o.id, o.name, count(m.user_id) AS members FROM app.orgs o LEFT JOIN app.members m ON m.org_id = o.id GROUP BY o.id, o.name;
CREATE FUNCTION app.touch(p_org uuid, p_note text DEFAULT 'x') RETURNS void LANGUAGE sql AS $$ UPDATE app.orgs SET name = name WHERE id = p_org $$;
CREATE FUNCTION app.trg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$;
CREATE TRIGGER orgs_touch BEFORE INSERT ON app.orgs FOR EACH ROW WHEN (NEW.name IS NOT NULL) EXECUTE FUNCTION app.trg();
COMMENT ON COLUMN app.members.role IS 'what they may do';
