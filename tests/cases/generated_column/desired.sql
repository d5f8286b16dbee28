CREATE TABLE lines (
    id       int PRIMARY KEY,
    qty      numeric NOT NULL,
    price    numeric NOT NULL,
    total    numeric GENERATED ALWAYS AS (qty * price) STORED,
    discount numeric GENERATED ALWAYS AS (price / 5) STORED,
    gross    numeric,
    label    text GENERATED ALWAYS AS ('qty ' || qty::text || ' of ' || price::text) STORED
);
