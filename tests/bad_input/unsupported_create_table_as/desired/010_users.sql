CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE TABLE users_copy AS SELECT * FROM users;
