CREATE SCHEMA app;
CREATE TABLE app.notes (id int PRIMARY KEY, author name NOT NULL DEFAULT current_user, body text);
ALTER TABLE app.notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON app.notes FOR SELECT TO schemasync_reader USING (true);
