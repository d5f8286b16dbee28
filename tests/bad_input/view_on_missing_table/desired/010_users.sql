CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE VIEW recent_posts AS
  SELECT p.id FROM users u JOIN posts p ON p.author = u.id;
