CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE INDEX ON user_accounts (email);
