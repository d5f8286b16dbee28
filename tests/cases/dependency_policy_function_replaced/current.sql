-- A function an RLS policy, a CHECK and a default call changes its result type: they go
-- around DROP FUNCTION / CREATE FUNCTION.
CREATE FUNCTION current_tenant() RETURNS int LANGUAGE sql STABLE AS $$ SELECT 1 $$;
CREATE TABLE docs (
  id int PRIMARY KEY,
  tenant_id bigint NOT NULL DEFAULT current_tenant() CHECK (tenant_id >= current_tenant() - 100)
);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON docs USING (tenant_id = current_tenant());
