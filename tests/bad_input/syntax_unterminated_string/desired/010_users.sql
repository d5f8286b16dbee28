CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
COMMENT ON TABLE users IS 'people who log in;
