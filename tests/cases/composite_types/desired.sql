CREATE TYPE money_amount AS (currency char(3), cents bigint, rate numeric);
CREATE TYPE draft AS (b text, a bigint, c date);
CREATE TYPE line AS (sku text, qty int);
CREATE TABLE invoices (id int PRIMARY KEY, total money_amount, lines line[]);
