CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int);
CREATE VIEW positive AS
  SELECT id, owner FROM accounts WHERE balance > 0;
CREATE VIEW mine WITH (security_invoker = true) AS SELECT id, balance FROM accounts WHERE owner = current_user
  WITH LOCAL CHECK OPTION;
CREATE MATERIALIZED VIEW totals WITH (autovacuum_enabled = false) AS
  SELECT owner, sum(balance) AS total FROM accounts GROUP BY owner WITH NO DATA;
CREATE MATERIALIZED VIEW snapshot AS SELECT id FROM accounts;
CREATE VIEW labelled (ident, owner_name) AS SELECT id, owner FROM accounts;
