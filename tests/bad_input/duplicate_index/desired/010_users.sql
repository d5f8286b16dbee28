CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE INDEX users_email ON users (email);
CREATE INDEX users_email ON users (lower(email));
