CREATE TABLE users (id int, age int,
  CONSTRAINT age_ok CHECK (age > 0),
  CONSTRAINT age_ok CHECK (age < 200));
