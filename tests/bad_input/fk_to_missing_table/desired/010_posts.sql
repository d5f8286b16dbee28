CREATE TABLE posts (
  id int PRIMARY KEY,
  author int REFERENCES users (id)
);
