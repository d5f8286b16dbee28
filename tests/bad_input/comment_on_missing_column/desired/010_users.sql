CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
COMMENT ON COLUMN users.name IS 'full name';
