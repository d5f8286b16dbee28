CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE POLICY own ON user_accounts USING (true);
