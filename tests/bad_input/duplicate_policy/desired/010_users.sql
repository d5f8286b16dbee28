CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE POLICY own ON users USING (true);
CREATE POLICY own ON users USING (false);
