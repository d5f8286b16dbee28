CREATE TYPE amount AS (currency char(3), cents bigint);
CREATE TABLE invoices (id int, total amount);
