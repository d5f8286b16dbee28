CREATE TABLE orders (id int PRIMARY KEY, amount int NOT NULL);
CREATE FUNCTION order_total(o orders) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT o.amount::bigint * 2 $$;
CREATE VIEW order_totals AS SELECT id, order_total(orders) AS total FROM orders;
CREATE VIEW big_orders AS SELECT id FROM order_totals WHERE total > 10;
