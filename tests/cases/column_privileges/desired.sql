-- Column privileges: readers see id and the display name, never the secret; a hand-made
-- GRANT on a column is drift like any other.
CREATE TABLE accounts (id int PRIMARY KEY, email text, "Display Name" text, secret text);
GRANT SELECT (id, "Display Name") ON accounts TO PUBLIC;
GRANT REFERENCES (id) ON accounts TO PUBLIC;
GRANT ALL (email) ON accounts TO PUBLIC;
REVOKE INSERT ON accounts FROM PUBLIC;
GRANT UPDATE (secret) ON accounts TO PUBLIC;
