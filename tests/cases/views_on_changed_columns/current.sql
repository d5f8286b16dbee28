CREATE TABLE orders (
    id     int PRIMARY KEY,
    amount int NOT NULL,
    note   varchar(20),
    status text
);
CREATE VIEW order_totals AS
    SELECT id, amount * 2 AS doubled, note FROM orders WHERE status = 'open';
CREATE VIEW big_orders AS
    SELECT id, doubled FROM order_totals WHERE doubled > 100;
CREATE VIEW old_view AS SELECT id FROM orders;
