CREATE SCHEMA legacy;
CREATE TABLE legacy.things (id int PRIMARY KEY);
CREATE TABLE users (id int PRIMARY KEY);
