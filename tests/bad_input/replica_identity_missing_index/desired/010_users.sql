CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
ALTER TABLE users REPLICA IDENTITY USING INDEX users_email_key;
