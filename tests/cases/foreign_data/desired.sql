CREATE FOREIGN DATA WRAPPER dummy OPTIONS (debug 'false', added 'y');
CREATE FOREIGN DATA WRAPPER checked VALIDATOR postgresql_fdw_validator;
CREATE FOREIGN DATA WRAPPER fresh;
COMMENT ON FOREIGN DATA WRAPPER dummy IS 'new';
CREATE SERVER remote TYPE 'pg' VERSION '15' FOREIGN DATA WRAPPER dummy OPTIONS (host 'db2', dbname 'app2');
ALTER SERVER remote OPTIONS (ADD port '5433');
-- Its wrapper changes: dropped and created again, with its user mapping.
CREATE SERVER moving FOREIGN DATA WRAPPER fresh;
CREATE SERVER added FOREIGN DATA WRAPPER checked OPTIONS (host 'localhost');
COMMENT ON SERVER remote IS 'replica';
CREATE USER MAPPING FOR PUBLIC SERVER remote OPTIONS (user 'reader2');
CREATE USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (user 'me');
ALTER USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (SET user 'me2');
CREATE USER MAPPING FOR PUBLIC SERVER moving;
CREATE USER MAPPING FOR PUBLIC SERVER added OPTIONS (user 'x');
CREATE SCHEMA ext;
CREATE FOREIGN TABLE ext.orders (
  id bigint OPTIONS (column_name 'id') NOT NULL,
  amount numeric(10,2) DEFAULT 1 NOT NULL,
  note text,
  added text OPTIONS (column_name 'extra'),
  CONSTRAINT amount_nonnegative CHECK (amount >= 0)
) SERVER remote OPTIONS (schema_name 'sales', table_name 'orders');
ALTER FOREIGN TABLE ext.orders OPTIONS (ADD fetch_size '100');
COMMENT ON FOREIGN TABLE ext.orders IS 'remote orders';
COMMENT ON COLUMN ext.orders.note IS 'notes';
CREATE FOREIGN TABLE ext.moved (id int) SERVER moving;
CREATE FOREIGN TABLE ext.fresh_table (id int, v text COLLATE "C") SERVER moving OPTIONS (table_name 'fresh');
CREATE VIEW ext.big_orders AS SELECT id, amount FROM ext.orders WHERE amount > 100;
