CREATE FUNCTION current_tenant() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT 1::bigint $$;
CREATE TABLE docs (
  id int PRIMARY KEY,
  tenant_id bigint NOT NULL DEFAULT current_tenant() CHECK (tenant_id >= current_tenant() - 100)
);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON docs USING (tenant_id = current_tenant());
