CREATE TABLE users (id int, PRIMARY KEY (user_id));
