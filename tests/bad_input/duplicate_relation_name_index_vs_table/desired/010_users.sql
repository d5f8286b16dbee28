CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE INDEX posts ON users (email);
CREATE TABLE posts (id int);
