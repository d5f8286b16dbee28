CREATE TABLE orders (
    id     int PRIMARY KEY,
    amount bigint NOT NULL,
    note   varchar(100),
    status text
);
CREATE VIEW order_totals AS
    SELECT id, amount * 2 AS doubled, note FROM orders WHERE status = 'open';
CREATE VIEW big_orders AS
    SELECT id, doubled FROM order_totals WHERE doubled > 1000;
CREATE VIEW open_notes AS
    SELECT o.id, upper(o.note) AS note FROM orders o WHERE o.status IN ('open', 'new');
