CREATE TABLE notes (
    id        int PRIMARY KEY,
    tenant_id uuid NOT NULL,
    author    text NOT NULL,
    archived  boolean NOT NULL DEFAULT false
);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE notes FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON notes
    AS PERMISSIVE FOR ALL
    USING (tenant_id = current_setting('app.current_tenant_id', true)::uuid)
    WITH CHECK (tenant_id = current_setting('app.current_tenant_id', true)::uuid);
CREATE POLICY hide_archived ON notes
    AS RESTRICTIVE FOR SELECT
    USING (NOT archived OR current_setting('app.is_admin', true) = 'true');
CREATE POLICY author_insert ON notes
    FOR INSERT TO PUBLIC
    WITH CHECK (author = current_user);
CREATE POLICY author_update ON notes
    FOR UPDATE
    USING (author = current_user)
    WITH CHECK (author = current_user AND NOT archived);
CREATE POLICY author_delete ON notes
    FOR DELETE
    USING (author IN ('admin', 'root') OR author = current_user);

CREATE TABLE logs (id int PRIMARY KEY, tenant_id uuid);
CREATE POLICY logs_read ON logs FOR SELECT USING (tenant_id IS NOT NULL);
