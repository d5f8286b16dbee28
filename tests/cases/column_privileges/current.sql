CREATE TABLE accounts (id int PRIMARY KEY, email text, "Display Name" text, secret text);
GRANT SELECT (id, email) ON accounts TO PUBLIC;
GRANT UPDATE ("Display Name") ON accounts TO PUBLIC;
