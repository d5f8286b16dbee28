CREATE TABLE measurements (id int, at timestamptz);
CREATE TABLE measurements_2024 () INHERITS (measurements);
CREATE PUBLICATION metrics FOR TABLE measurements;
