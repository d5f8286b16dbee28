CREATE TABLE customers (
    id   int PRIMARY KEY,
    code text NOT NULL UNIQUE
);
CREATE TABLE orders (
    id          int PRIMARY KEY,
    customer_id int REFERENCES customers (id),
    code        text,
    parent_id   int REFERENCES orders (id)
);
