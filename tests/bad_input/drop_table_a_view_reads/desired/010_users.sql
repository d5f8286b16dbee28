CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE VIEW emails AS SELECT email FROM users;
DROP TABLE users;
