CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
GRANT SELECT ON user_accounts TO PUBLIC;
