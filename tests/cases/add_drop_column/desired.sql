CREATE TABLE items (
    id         int PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    note       varchar(200)
);
