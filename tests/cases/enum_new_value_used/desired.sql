CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad', 'grumpy');
CREATE TABLE people (
    id   int PRIMARY KEY,
    mood mood NOT NULL DEFAULT 'ok',
    CHECK (mood <> 'grumpy')
);
