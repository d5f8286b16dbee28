CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
DROP TABLE IF EXISTS legacy_users CASCADE;
