-- Foreign data without any extension (wrappers without a handler): wrappers, servers, user
-- mappings and foreign tables changed in place, rebuilt, dropped and created; a view over a
-- foreign table whose column changes type.
CREATE FOREIGN DATA WRAPPER dummy OPTIONS (debug 'true', old 'x');
CREATE FOREIGN DATA WRAPPER checked;
CREATE FOREIGN DATA WRAPPER retired;
COMMENT ON FOREIGN DATA WRAPPER dummy IS 'old';
CREATE SERVER remote TYPE 'pg' VERSION '14' FOREIGN DATA WRAPPER dummy OPTIONS (host 'db1', dbname 'app');
CREATE SERVER moving FOREIGN DATA WRAPPER dummy;
CREATE SERVER obsolete FOREIGN DATA WRAPPER retired;
COMMENT ON SERVER remote IS 'primary';
CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (user 'reader');
CREATE USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (user 'me', fetch 'x');
CREATE USER MAPPING FOR PUBLIC SERVER moving;
CREATE USER MAPPING FOR PUBLIC SERVER obsolete;
CREATE SCHEMA ext;
CREATE FOREIGN TABLE ext.orders (
  id integer OPTIONS (column_name 'order_id') NOT NULL,
  amount numeric(10,2) DEFAULT 0,
  note text,
  gone text,
  CONSTRAINT amount_positive CHECK (amount >= 0)
) SERVER remote OPTIONS (schema_name 'public', table_name 'orders');
COMMENT ON FOREIGN TABLE ext.orders IS 'remote orders';
COMMENT ON COLUMN ext.orders.note IS 'free text';
CREATE FOREIGN TABLE ext.moved (id int) SERVER remote;
CREATE FOREIGN TABLE ext.dropped (id int) SERVER obsolete;
CREATE VIEW ext.big_orders AS SELECT id, amount FROM ext.orders WHERE amount > 100;
