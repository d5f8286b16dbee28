CREATE TABLE users (
  id int,
  email text,
);
