-- CURRENT_USER, CURRENT_ROLE and SESSION_USER name the role that applies the plan: PostgreSQL
-- stores that role (its name in pg_dump), so the plan must too.
CREATE SCHEMA app;
CREATE TABLE app.notes (id int PRIMARY KEY, author name NOT NULL DEFAULT current_user, body text);
ALTER TABLE app.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON app.notes FOR SELECT TO schemasync_reader, CURRENT_USER USING (true);
CREATE POLICY authors ON app.notes FOR INSERT TO CURRENT_ROLE WITH CHECK (author = current_user);
CREATE POLICY editors ON app.notes FOR UPDATE TO SESSION_USER USING (author = current_user);
-- The owner's own privileges: granted, they change nothing PostgreSQL shows.
GRANT ALL ON app.notes TO CURRENT_USER;
GRANT SELECT ON app.notes TO schemasync_reader WITH GRANT OPTION;
REVOKE GRANT OPTION FOR SELECT ON app.notes FROM schemasync_reader;
GRANT USAGE ON SCHEMA app TO schemasync_reader, SESSION_USER;
