CREATE TABLE users (
  id int,
  email text,
  email varchar(200)
);
