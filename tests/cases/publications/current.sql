-- Publications (database-wide): tables added and dropped, column lists and row filters
-- changed, options set, FOR ALL TABLES turned into a list (a rebuild), TABLES IN SCHEMA,
-- a published table dropped, a filtered column retyped, comments.
CREATE SCHEMA sales;
CREATE TABLE orders (id int PRIMARY KEY, status text, amount numeric, note text);
CREATE TABLE customers (id int PRIMARY KEY, name text, email text);
CREATE TABLE audit (id int, at timestamptz);
CREATE TABLE legacy (id int PRIMARY KEY, x int);
CREATE TABLE sales.items (id int PRIMARY KEY, sku text);
CREATE TABLE retyped (id int PRIMARY KEY, level int);

CREATE PUBLICATION app_pub FOR TABLE orders (id, status, amount) WHERE (status = 'open'), customers, legacy
  WITH (publish = 'insert, update');
CREATE PUBLICATION filtered FOR TABLE retyped WHERE (level > 2);
CREATE PUBLICATION everything FOR ALL TABLES;
CREATE PUBLICATION obsolete FOR TABLE audit;
CREATE PUBLICATION by_schema FOR TABLES IN SCHEMA sales;
COMMENT ON PUBLICATION app_pub IS 'old';
COMMENT ON PUBLICATION by_schema IS 'kept';
COMMENT ON PUBLICATION obsolete IS 'going';
