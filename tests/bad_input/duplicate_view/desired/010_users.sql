CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE VIEW active AS SELECT id FROM users;
CREATE VIEW active AS SELECT email FROM users;
