CREATE TYPE mood AS ENUM ('ecstatic', 'happy', 'ok', 'sad', 'grumpy');
CREATE TYPE size AS ENUM ('s', 'm', 'l');
CREATE TABLE people (
    id   int PRIMARY KEY,
    mood mood NOT NULL DEFAULT 'happy',
    size size DEFAULT 'm',
    CHECK (mood <> 'happy' OR size IS NOT NULL)
);
