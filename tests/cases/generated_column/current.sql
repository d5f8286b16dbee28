CREATE TABLE lines (
    id       int PRIMARY KEY,
    qty      numeric NOT NULL,
    price    numeric NOT NULL,
    total    numeric GENERATED ALWAYS AS (qty * price) STORED,
    discount numeric GENERATED ALWAYS AS (price / 10) STORED,
    gross    numeric GENERATED ALWAYS AS (price * 1.2) STORED
);
