CREATE TABLE accounts (
    id        int PRIMARY KEY,
    status    text DEFAULT 'active',
    plan      text NOT NULL,
    balance   numeric NOT NULL DEFAULT 0,
    nickname  text,
    opened_at timestamptz DEFAULT now()
);
