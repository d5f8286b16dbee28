CREATE TABLE posts (
  id int PRIMARY KEY,
  author int REFERENCES users (user_id)
);
