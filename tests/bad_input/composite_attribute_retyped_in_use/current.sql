CREATE TYPE amount AS (currency char(3), cents int);
CREATE TABLE invoices (id int, total amount);
