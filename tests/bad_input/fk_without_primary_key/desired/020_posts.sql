CREATE TABLE posts (author int REFERENCES users);
