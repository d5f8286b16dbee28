CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON users USING (id = current_setting('app.user')::int AND);
