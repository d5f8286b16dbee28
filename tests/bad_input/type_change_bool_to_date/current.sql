CREATE TABLE users (id int PRIMARY KEY, active boolean);
