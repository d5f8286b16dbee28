CREATE TABLE users (id int PRIMARY KEY, settings integer);
