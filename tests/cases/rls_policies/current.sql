CREATE TABLE notes (
    id        int PRIMARY KEY,
    tenant_id uuid NOT NULL,
    author    text NOT NULL,
    archived  boolean NOT NULL DEFAULT false
);
CREATE TABLE logs (id int PRIMARY KEY, tenant_id uuid);
ALTER TABLE logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY logs_read ON logs FOR SELECT USING (true);
CREATE POLICY notes_old ON notes USING (author = current_user);
