-- Composite types: a type columns use changes in place (ADD / DROP / ALTER ATTRIBUTE, CASCADE
-- rewriting those columns); one nothing uses is built anew, keeping its attribute order.
CREATE TYPE money_amount AS (currency char(3), cents bigint, note text);
CREATE TYPE draft AS (a int, b text);
CREATE TYPE obsolete AS (x int);
CREATE TABLE invoices (id int PRIMARY KEY, total money_amount);
