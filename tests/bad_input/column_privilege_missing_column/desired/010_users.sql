CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
GRANT SELECT (name) ON users TO PUBLIC;
