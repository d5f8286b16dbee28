CREATE SCHEMA sales;
CREATE SCHEMA reporting;
CREATE TABLE orders (id int PRIMARY KEY, status text, amount numeric, note text);
CREATE TABLE customers (id int PRIMARY KEY, name text, email text);
CREATE TABLE audit (id int, at timestamptz);
CREATE TABLE sales.items (id int PRIMARY KEY, sku text);
CREATE TABLE reporting.daily (day date PRIMARY KEY, total numeric);
CREATE TABLE retyped (id int PRIMARY KEY, level bigint);
CREATE TABLE fresh (id int PRIMARY KEY, v text);

CREATE PUBLICATION app_pub
  FOR TABLE orders (note, amount, id, status) WHERE (status = 'open' AND amount > 10), TABLE public.fresh
  WITH (publish = 'insert, update, delete', publish_via_partition_root = true);
ALTER PUBLICATION app_pub ADD TABLE ONLY public.audit;
COMMENT ON PUBLICATION app_pub IS 'new';

CREATE PUBLICATION filtered FOR TABLE retyped WHERE (level > 2);
CREATE PUBLICATION everything FOR TABLE customers;

CREATE PUBLICATION by_schema FOR TABLES IN SCHEMA sales, reporting;
ALTER PUBLICATION by_schema SET (publish = 'insert');
COMMENT ON PUBLICATION by_schema IS 'kept';

CREATE PUBLICATION brand_new FOR TABLE customers (id, name) WITH (publish = 'delete');
