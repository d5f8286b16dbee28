CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY support ON users FOR SELECT TO support_staff USING (true);
