-- View options (reloptions: security_barrier, security_invoker, check_option; a materialized
-- view's storage parameters) change in place with ALTER VIEW SET / RESET; WITH [NO] DATA with
-- REFRESH (WITH NO DATA creates one empty and leaves an existing one filled: pg_dump -s writes
-- it for every materialized view); a column list is part of the query (pg_get_viewdef prints it as aliases).
CREATE TABLE accounts (id int PRIMARY KEY, owner text, balance int);
CREATE VIEW positive WITH (security_barrier) AS
  SELECT id, owner FROM accounts WHERE balance > 0 WITH CASCADED CHECK OPTION;
CREATE VIEW mine AS SELECT id, balance FROM accounts WHERE owner = current_user;
CREATE MATERIALIZED VIEW totals WITH (fillfactor = 70) AS SELECT owner, sum(balance) AS total FROM accounts GROUP BY owner;
CREATE MATERIALIZED VIEW snapshot AS SELECT id FROM accounts WITH NO DATA;
CREATE VIEW labelled (ident, who) AS SELECT id, owner FROM accounts;
