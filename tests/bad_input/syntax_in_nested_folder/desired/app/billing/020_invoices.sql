CREATE TABLE invoices (id int PRIMARY KEY, total numeric(10,2) DEFAULT 0.00.0);
