CREATE TABLE users (id int, created timestamptz DEFAULT now(();
