-- A function whose result type changes while a view and a default call it: CREATE OR REPLACE
-- cannot change a result type, and DROP FUNCTION fails while the view depends on it.
CREATE TABLE orders (id int PRIMARY KEY, amount int NOT NULL);
CREATE FUNCTION order_total(o orders) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT o.amount * 2 $$;
CREATE VIEW order_totals AS SELECT id, order_total(orders) AS total FROM orders;
CREATE VIEW big_orders AS SELECT id FROM order_totals WHERE total > 10;
