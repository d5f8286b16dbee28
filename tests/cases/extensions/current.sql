CREATE TABLE members (
    id    int PRIMARY KEY,
    email text NOT NULL
);
