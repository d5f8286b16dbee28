CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
COPY users FROM '/tmp/users.csv';
