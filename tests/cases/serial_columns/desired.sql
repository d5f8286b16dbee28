CREATE TABLE tickets (
    id    serial PRIMARY KEY,
    title text,
    seq   bigserial
);
CREATE TABLE events (
    pos  bigserial PRIMARY KEY,
    kind smallserial
);
