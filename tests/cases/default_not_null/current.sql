CREATE TABLE accounts (
    id        int PRIMARY KEY,
    status    text DEFAULT 'new',
    plan      text NOT NULL DEFAULT 'free',
    balance   numeric,
    nickname  text NOT NULL,
    opened_at timestamptz
);
