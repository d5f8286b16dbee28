CREATE EXTENSION citext;
CREATE EXTENSION pgcrypto;
CREATE TABLE members (
    id         int PRIMARY KEY,
    email      citext NOT NULL UNIQUE,
    token      uuid NOT NULL DEFAULT gen_random_uuid(),
    secret     text NOT NULL DEFAULT encode(gen_random_bytes(16), 'hex'),
    token_hash bytea GENERATED ALWAYS AS (digest(token::text, 'sha256')) STORED
);
