CREATE TABLE customers (
    id   int PRIMARY KEY,
    code text NOT NULL UNIQUE
);
CREATE TABLE orders (
    id          int PRIMARY KEY,
    customer_id int REFERENCES customers (id) ON DELETE CASCADE,
    code        text REFERENCES customers (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
    parent_id   int
);
CREATE TABLE order_lines (
    order_id int NOT NULL,
    line     int NOT NULL,
    PRIMARY KEY (order_id, line),
    FOREIGN KEY (order_id) REFERENCES orders ON DELETE CASCADE DEFERRABLE
);
