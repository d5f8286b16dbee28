CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
ALTER TABLE users OWNER TO public;
