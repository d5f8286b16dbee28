CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
/* the rest is
commented out
